using CaseTracker.Server.Hosting;
using CaseTracker.Server.Storage;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Grpc;

public static class GrpcExtensions
{
    public static WebApplicationBuilder AddCaseTrackerGrpc(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CallerRateLimiter>();
        var limits = StartupOptions.Bind<LimitsOptions>(builder, LimitsOptions.Section);
        StartupOptions.Bind<PagingOptions>(builder, PagingOptions.Section);
        builder.Services.AddGrpc(options =>
        {
            // Outermost first: errors from authentication and limits are mapped too.
            options.Interceptors.Add<ErrorInterceptor>();
            options.Interceptors.Add<AuthenticationInterceptor>();
            options.Interceptors.Add<LimitsInterceptor>();
            options.MaxReceiveMessageSize = limits.MaxReceiveMessageBytes;
            options.MaxSendMessageSize = limits.MaxSendMessageBytes;
            // Only exceptions outside the interceptors (a request that does not parse) carry their detail;
            // MalformedRequestMiddleware turns those into INVALID_ARGUMENT.
            options.EnableDetailedErrors = true;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<ServerStoppingHealthCheck>("stopping");
        builder.Services.AddSingleton(services => PageTokens.Load(
            services.GetRequiredService<IOptions<StorageOptions>>().Value,
            services.GetRequiredService<IOptions<PagingOptions>>().Value.TokenKey));
        builder.Services.AddSingleton<Pager>();
        return builder;
    }

    public static WebApplication MapCaseTrackerGrpc(this WebApplication app)
    {
        // Read the page-token key now: an empty or short key file stops the server naming it, never an empty key in use.
        app.Services.GetRequiredService<PageTokens>();
        app.UseMiddleware<MalformedRequestMiddleware>();
        app.UseMiddleware<MessageSizeMiddleware>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
