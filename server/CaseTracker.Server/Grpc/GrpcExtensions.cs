using CaseTracker.Server.Hosting;
using CaseTracker.Server.Rest;
using CaseTracker.Server.Storage;
using Grpc.AspNetCore.Web;
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
            options.Interceptors.Add<CallMetricsInterceptor>();
            options.Interceptors.Add<ErrorInterceptor>();
            options.Interceptors.Add<AuthenticationInterceptor>();
            options.Interceptors.Add<LimitsInterceptor>();
            options.MaxReceiveMessageSize = limits.MaxReceiveMessageBytes;
            options.MaxSendMessageSize = limits.MaxSendMessageBytes;
            // Only exceptions outside the interceptors (a request that does not parse) carry their detail;
            // MalformedRequestMiddleware turns those into INVALID_ARGUMENT.
            options.EnableDetailedErrors = true;
        }).AddCaseTrackerRest();
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HttpHealthEndpoints.ReadyTag])
            .AddCheck<MigrationsAppliedHealthCheck>("migrations", tags: [HttpHealthEndpoints.ReadyTag])
            .AddCheck<ServerStoppingHealthCheck>("stopping", tags: [HttpHealthEndpoints.ReadyTag]);
        builder.Services.AddSingleton(services => PageTokens.Load(
            services.GetRequiredService<IOptions<StorageOptions>>().Value,
            services.GetRequiredService<IOptions<PagingOptions>>().Value.TokenKey));
        builder.Services.AddSingleton<Pager>();
        return builder;
    }

    public static WebApplication MapCaseTrackerGrpc(this WebApplication app)
    {
        // gRPC-Web (browsers, HTTP/1.1-only proxies) is turned into gRPC first, so the checks below see every call alike.
        app.UseMiddleware<GrpcWebTextAnswers>();
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        // Read the page-token key now: an empty or short key file stops the server naming it, never an empty key in use.
        app.Services.GetRequiredService<PageTokens>();
        app.UseMiddleware<MalformedRequestMiddleware>();
        app.UseMiddleware<MessageSizeMiddleware>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
