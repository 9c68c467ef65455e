using CaseTracker.Server.Audit;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Hosting;
using CaseTracker.Server.Reconciliation;
using CaseTracker.Server.Storage;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Grpc;

public static class GrpcExtensions
{
    public static WebApplicationBuilder AddCaseTrackerGrpc(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<CallerRateLimiter>();
        var limits = builder.Configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new LimitsOptions();
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
            builder.Configuration["Paging:TokenKey"] ?? string.Empty));
        builder.Services.AddSingleton<IdempotentWriter>();
        builder.Services.AddSingleton<CaseEventFeed>();
        builder.Services.AddSingleton<ReconciliationActions>();
        builder.Services.AddOptions<Reconciliation.ReconciliationOptions>().BindConfiguration(Reconciliation.ReconciliationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Reconciliation.KnownPersonIndexes>();
        return builder;
    }

    public static WebApplication MapCaseTrackerGrpc(this WebApplication app)
    {
        app.UseMiddleware<MalformedRequestMiddleware>();
        app.UseMiddleware<MessageSizeMiddleware>();
        app.MapGrpcService<CaseGrpcService>();
        app.MapGrpcService<ReconciliationGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
