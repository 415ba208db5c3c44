using PiTune.Linux.Files;
using PiTune.Simulation;

namespace PiTune.Linux.Tests.Support;

/// <summary>A temporary folder standing in for <c>/</c>, deleted when disposed.</summary>
internal sealed class TempRoot : IDisposable
{
    private TempRoot(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
        Files = new RootedSysFiles(path);
    }

    public string Path { get; }

    public RootedSysFiles Files { get; }

    public static TempRoot Empty() =>
        new(System.IO.Path.Join(System.IO.Path.GetTempPath(), "pitune-linux-tests", Guid.NewGuid().ToString("N")));

    public static TempRoot Pi5()
    {
        TempRoot root = Empty();
        Pi5Layout.Write(root.Path);
        return root;
    }

    /// <summary>Writes a file (creating its folders) with exactly this content.</summary>
    public TempRoot Write(string relativePath, string content)
    {
        string full = System.IO.Path.Join(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    /// <summary>Puts a directory where a file is expected.</summary>
    public TempRoot MakeDirectory(string relativePath)
    {
        string full = System.IO.Path.Join(Path, relativePath);
        if (File.Exists(full))
        {
            File.Delete(full);
        }

        Directory.CreateDirectory(full);
        return this;
    }

    public TempRoot Delete(string relativePath)
    {
        string full = System.IO.Path.Join(Path, relativePath);
        if (Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }
        else
        {
            File.Delete(full);
        }

        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}
