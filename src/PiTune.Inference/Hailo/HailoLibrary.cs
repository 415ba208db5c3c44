using System.Reflection;
using System.Runtime.InteropServices;
using PiTune.Inference.Hailo.Interop;

namespace PiTune.Inference.Hailo;

/// <summary>
/// Loads libhailort once per process and checks its version before any struct crosses the boundary: the library has
/// no ABI promise across 4.x (vstream info grew from 432 to 436 bytes in 4.20, extended device info in 4.21), so only
/// versions whose layouts PiTune's tests hold are accepted. "hailort" in <see cref="HailoNative"/> resolves to that
/// one file, never to whatever the default probing would find.
/// </summary>
internal static class HailoLibrary
{
    public const string SupportedRange = "4.21.0-4.23.x";
    public const string InstallHint = "install hailo-all or set Inference:Hailo:LibraryPath";

    private static readonly Version s_minimum = new(4, 21, 0);
    private static readonly Version s_firstUnverified = new(4, 24, 0);
    private static readonly Lock s_lock = new();
    private static nint s_handle;
    private static bool s_resolverSet;

    public static Version? LoadedVersion { get; private set; }

    public static string? LoadedFile { get; private set; }

    public static bool IsLoaded => Volatile.Read(ref s_handle) != 0;

    /// <summary>
    /// Loads libhailort from <paramref name="path"/> (a file, or a folder to look in) or, when null, from the usual
    /// library folders and LD_LIBRARY_PATH. Returns null when a verified version is loaded (then later calls do
    /// nothing), else one line saying why not; it may be called again after a failure (the library installed later).
    /// </summary>
    public static string? TryLoad(string? path)
    {
        lock (s_lock)
        {
            if (s_handle != 0)
                return null;

            string? error = Probe(path, out nint handle, out string? file, out Version? version);
            if (error is not null)
                return error;

            if (!s_resolverSet)
            {
                NativeLibrary.SetDllImportResolver(typeof(HailoLibrary).Assembly, Resolve);
                s_resolverSet = true;
            }

            LoadedFile = file;
            LoadedVersion = version;
            Volatile.Write(ref s_handle, handle);
            return null;
        }
    }

    /// <summary>Finds, loads and version-checks one library without making it the process's; a refused one is unloaded.</summary>
    internal static string? Probe(string? path, out nint handle, out string? file, out Version? version)
    {
        handle = 0;
        version = null;
        file = Find(path, out string? notFound);
        if (file is null)
            return notFound;

        try
        {
            handle = NativeLibrary.Load(file);
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            return $"libhailort at {file} could not be loaded: {OneLine(ex.Message)}";
        }

        string? error = ReadVersion(handle, file, out version);
        if (error is null && (version < s_minimum || version >= s_firstUnverified))
            error = $"libhailort {version} at {file}: PiTune supports {SupportedRange} ({Why(version!)})";

        if (error is not null)
        {
            NativeLibrary.Free(handle);
            handle = 0;
        }

        return error;
    }

    /// <summary>Folders searched when no path is configured, in order.</summary>
    internal static IReadOnlyList<string> SearchFolders()
    {
        string? multiarch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => "aarch64-linux-gnu",
            Architecture.X64 => "x86_64-linux-gnu",
            Architecture.Arm => "arm-linux-gnueabihf",
            _ => null,
        };
        var folders = new List<string>();
        if (multiarch is not null)
            folders.Add("/usr/lib/" + multiarch);
        folders.Add("/usr/lib");
        folders.Add("/usr/local/lib");
        if (multiarch is not null)
            folders.Add("/lib/" + multiarch);
        string? ldPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        if (!string.IsNullOrEmpty(ldPath))
            folders.AddRange(ldPath.Split(':', StringSplitOptions.RemoveEmptyEntries));
        return folders;
    }

    internal static void ThrowIfNotLoaded()
    {
        if (!IsLoaded)
            throw new InvalidOperationException("libhailort is not loaded: call HailoLibrary.TryLoad first");
    }

    private static string? Find(string? path, out string? notFound)
    {
        notFound = null;
        if (path is not null && !Directory.Exists(path))
        {
            if (File.Exists(path))
                return path;
            notFound = $"libhailort not found at {path}; {InstallHint}";
            return null;
        }

        IReadOnlyList<string> folders = path is null ? SearchFolders() : [path];
        foreach (string folder in folders)
        {
            string? file = FindIn(folder);
            if (file is not null)
                return file;
        }

        notFound = $"libhailort not found in {string.Join(", ", folders)}; {InstallHint}";
        return null;
    }

    // The unversioned link first (what the package's -dev half installs); otherwise the highest libhailort.so.X.Y.Z,
    // since 4.x ships no libhailort.so.4.
    private static string? FindIn(string folder)
    {
        if (!Directory.Exists(folder))
            return null;
        string plain = Path.Join(folder, "libhailort.so");
        if (File.Exists(plain))
            return plain;

        string? best = null;
        Version? bestVersion = null;
        foreach (string candidate in Directory.EnumerateFiles(folder, "libhailort.so.*"))
        {
            string suffix = Path.GetFileName(candidate)["libhailort.so.".Length..];
            if (Version.TryParse(suffix, out Version? v) && (bestVersion is null || v > bestVersion))
            {
                best = candidate;
                bestVersion = v;
            }
        }

        return best;
    }

    private static unsafe string? ReadVersion(nint handle, string file, out Version? version)
    {
        version = null;
        if (!NativeLibrary.TryGetExport(handle, "hailo_get_library_version", out nint export))
            return $"libhailort at {file} has no hailo_get_library_version: not a HailoRT library";

        HailoVersion v;
        var status = ((delegate* unmanaged<HailoVersion*, HailoStatus>)export)(&v);
        if (status != HailoStatus.Success)
            return $"libhailort at {file}: hailo_get_library_version returned {(int)status}";

        version = new Version((int)v.Major, (int)v.Minor, (int)v.Revision);
        return null;
    }

    private static string Why(Version version) => version.Major >= 5
        ? "HailoRT 5 drives the Hailo-10H of the AI HAT+ 2, which has no C inference path"
        : version < s_minimum ? "struct layouts differ" : "struct layouts not verified";

    private static string OneLine(string message) =>
        message.ReplaceLineEndings(" ").Trim();

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == HailoNative.Library ? Volatile.Read(ref s_handle) : 0;
}
