using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Documents;

public static class DocumentExtensions
{
    /// <summary>Evidence documents: their limits, the content store the record's provider calls for, uploads, reads and custody.</summary>
    public static WebApplicationBuilder AddCaseTrackerDocuments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.AllowedMediaTypes.Count > 0, "Documents:AllowedMediaTypes needs at least one media type.")
            .Validate(o => Enum.IsDefined(o.Store), "Documents:Store must be Auto, Files or Database.")
            .ValidateOnStart();
        builder.Services.AddSingleton(services => ContentStore(
            services.GetRequiredService<IOptions<DocumentOptions>>().Value,
            services.GetRequiredService<IOptions<StorageOptions>>().Value,
            services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>()));
        // An upload sends 1 MiB messages: with Kestrel's default HTTP/2 windows (768 KiB a stream, 1 MiB the
        // connection) each one waits a round trip for a window update. Windows of a few messages let the
        // client keep sending while the server writes. Frames of up to 1 MiB (the default is 16 KiB) let a
        // client send a chunk in one frame instead of 64: the bare HTTP/2 upload of the documents benchmark went
        // from 0.46x to 0.51-0.66x the raw file copy.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.Http2.InitialStreamWindowSize = 4 * DocumentUploads.MaxChunkBytes;
            kestrel.Limits.Http2.InitialConnectionWindowSize = 16 * DocumentUploads.MaxChunkBytes;
            kestrel.Limits.Http2.MaxFrameSize = 1 << 20;
        });
        builder.Services.AddSingleton<DocumentUploads>();
        builder.Services.AddSingleton<DocumentReads>();
        builder.Services.AddSingleton<DocumentCustody>();
        return builder;
    }

    public static WebApplication MapCaseTrackerDocuments(this WebApplication app)
    {
        app.MapGrpcService<DocumentGrpcService>();
        return app;
    }

    /// <summary>Files under the data directory with SQLite, the database with PostgreSQL, unless <c>Documents:Store</c> says otherwise.</summary>
    public static IDocumentContentStore ContentStore(DocumentOptions documents, StorageOptions storage, IDbContextFactory<CaseTrackerDbContext> contexts) =>
        (documents.Store, storage.Provider) switch
        {
            (DocumentStoreKind.Files, _) or (DocumentStoreKind.Auto, StorageProvider.Sqlite) => new FileContentStore(storage.DataDirectory),
            _ => new DatabaseContentStore(contexts),
        };
}
