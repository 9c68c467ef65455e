namespace CaseTracker.Server.Members;

public static class MemberExtensions
{
    /// <summary>The roster: the <c>MemberService</c> endpoint.</summary>
    public static WebApplicationBuilder AddCaseTrackerMembers(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapCaseTrackerMembers(this WebApplication app)
    {
        app.MapGrpcService<MemberGrpcService>();
        return app;
    }
}
