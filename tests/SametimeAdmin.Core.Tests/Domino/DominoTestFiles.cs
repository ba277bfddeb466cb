using Xunit;
using SametimeAdmin.Common;
using SametimeAdmin.Domino;

namespace SametimeAdmin.Tests.Domino;

/// <summary>A scratch folder with copies of fixtures; deleted afterwards.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "stadmin-domino-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Copies tests/fixtures/domino/&lt;name&gt; into the folder and returns the copy's path.</summary>
    public string Copy(string fixture, string? asName = null)
    {
        string target = System.IO.Path.Combine(Path, asName ?? System.IO.Path.GetFileName(fixture));
        File.Copy(Fixtures.PathOf("domino", fixture), target);
        return target;
    }

    public string Write(string name, byte[] content)
    {
        string target = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(target, content);
        return target;
    }

    public string[] Backups(string file) => Directory.GetFiles(Path, System.IO.Path.GetFileName(file) + ".*.bak");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class Expect
{
    public static SametimeAdminException Failure(string errorId, Action action)
    {
        var ex = Assert.Throws<SametimeAdminException>(action);
        Assert.Equal(errorId, ex.ErrorId);
        return ex;
    }

    public static SametimeAdminException Failure<T>(string errorId, Func<T> action) => Failure(errorId, () => { _ = action(); });
}

internal static class DxlStores
{
    public static (DxlDocumentStore Store, NotesDocument Document) OpenSingle(string path)
    {
        var store = new DxlDocumentStore(path);
        return (store, Assert.Single(store.FindDocuments(new DocumentLookup("($WebSSOConfigs)"))));
    }
}
