using Grpc.Core;

namespace CaseTracker.Cli;

/// <summary>The documented exit codes.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Usage = 1;
    public const int NotFound = 2;
    public const int Conflict = 3;
    public const int Permission = 4;
    public const int Unavailable = 5;

    public static int Of(StatusCode code) => code switch
    {
        StatusCode.NotFound => NotFound,
        StatusCode.Aborted or StatusCode.FailedPrecondition or StatusCode.AlreadyExists => Conflict,
        StatusCode.PermissionDenied or StatusCode.Unauthenticated => Permission,
        StatusCode.InvalidArgument or StatusCode.OutOfRange => Usage,
        _ => Unavailable,
    };
}
