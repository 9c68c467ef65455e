using CaseTracker.Server.Storage;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Grpc;

public static class GrpcExtensions
{
    public static WebApplicationBuilder AddCaseTrackerGrpc(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpc(options =>
        {
            // Outermost first: errors from authentication are mapped too.
            options.Interceptors.Add<ErrorInterceptor>();
            options.Interceptors.Add<AuthenticationInterceptor>();
            options.MaxReceiveMessageSize = 4 * 1024 * 1024;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddSingleton(services => PageTokens.Load(
            services.GetRequiredService<IOptions<StorageOptions>>().Value,
            builder.Configuration["Paging:TokenKey"] ?? string.Empty));
        builder.Services.AddSingleton<IdempotentWriter>();
        return builder;
    }

    public static WebApplication MapCaseTrackerGrpc(this WebApplication app)
    {
        app.MapGrpcService<CaseGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
