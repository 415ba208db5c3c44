using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Win32.SafeHandles;

namespace PiTune.Cli.Bench;

/// <summary>
/// One worker's shared-memory region for <c>pitune bench --shm</c>, as the contract's clients make one: a file in /dev/shm
/// created 0660 (never an existing one) with the socket's group, so a daemon without CAP_DAC_OVERRIDE can open it through
/// the group; the input written once at offset 0, the outputs written by the daemon after it. Unregistered and unlinked on
/// dispose, whatever happened before.
/// </summary>
internal sealed class BenchRegion
{
    private const UnixFileMode OwnerAndGroup = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
    private bool _registered;

    private BenchRegion(string name, string key)
    {
        Name = name;
        Key = key;
    }

    /// <summary>The region's name in the daemon (its infer requests name it).</summary>
    public string Name { get; }

    /// <summary>The POSIX shm name: /dev/shm + Key is the file.</summary>
    public string Key { get; }

    public string Path => "/dev/shm" + Key;

    /// <summary>
    /// Creates the file (<paramref name="byteSize"/> bytes, <paramref name="input"/> at offset 0) and registers it. On any
    /// failure what was made is undone before the exception leaves.
    /// </summary>
    /// <param name="warn">Told once when the file cannot take the socket's group (the daemon may then be refused it).</param>
    public static async Task<BenchRegion> CreateAsync(HttpClient client, string socketPath, int worker, long byteSize, ReadOnlyMemory<byte> input,
        Action<string> warn, CancellationToken cancellationToken)
    {
        string unique = string.Create(CultureInfo.InvariantCulture, $"pitune-bench-{Environment.ProcessId}-{worker}");
        var region = new BenchRegion(unique, "/" + unique);
        try
        {
            using (SafeFileHandle handle = File.OpenHandle(region.Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite, FileOptions.None, byteSize))
            {
                // The umask may have taken the group's bits from the creation mode: set them as the contract says.
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(handle, OwnerAndGroup);
                }

                if (BenchNative.TryGroupOf(socketPath, out uint gid) && BenchNative.TrySetGroup(handle, gid) is int errno and not 0)
                {
                    warn($"cannot give {region.Path} the socket's group {gid} ({BenchNative.Describe(errno)}): a daemon running as another user may be refused it (join the socket's group)");
                }

                RandomAccess.SetLength(handle, byteSize);
                RandomAccess.Write(handle, input.Span, 0);
            }

            // From here the daemon may hold the region: removing it unregisters it whatever the answer was (an unknown name
            // is not an error). Ctrl-C does not cut the call short: its answer is awaited, so an unregister can never
            // reach the daemon before the register it undoes (seen: a region left registered after Ctrl-C).
            region._registered = true;
            using HttpResponseMessage response = await client.PostAsJsonAsync(
                $"/v2/systemsharedmemory/region/{region.Name}/register",
                new RegisterRequest(region.Key, 0, byteSize),
                BenchJsonContext.Default.RegisterRequest,
                CancellationToken.None);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"registering {region.Key} as region {region.Name}: {await LoadGenerator.ErrorOfAsync(response, CancellationToken.None)}");
            }

            cancellationToken.ThrowIfCancellationRequested();
            return region;
        }
        catch
        {
            await region.RemoveAsync(client);
            throw;
        }
    }

    /// <summary>
    /// Unregisters the region (when it may be registered; tried again on a connection the run's end broke, and a daemon
    /// gone is no reason to keep the file) and unlinks its file.
    /// </summary>
    public async Task RemoveAsync(HttpClient client)
    {
        for (int attempt = 0; _registered && attempt < 3; attempt++)
        {
            try
            {
                using HttpResponseMessage response = await client.PostAsync($"/v2/systemsharedmemory/region/{Name}/unregister", null, CancellationToken.None);
                _registered = false;
            }
            catch (HttpRequestException)
            {
            }
        }

        File.Delete(Path);
    }
}
