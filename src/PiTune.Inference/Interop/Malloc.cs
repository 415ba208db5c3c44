using System.Runtime.InteropServices;

namespace PiTune.Inference.Interop;

/// <summary>
/// glibc's <c>malloc_trim(3)</c>. Memory ONNX Runtime frees (a shrunk arena, a session's scratch) goes back to the
/// malloc arena of the thread that freed it, and glibc returns a heap's free pages to the kernel only from its top:
/// after a burst of full batches ~45 MB stayed resident in arenas holding nothing until this was called.
/// </summary>
internal static partial class Malloc
{
    /// <summary>Hands every malloc arena's free pages back to the kernel.</summary>
    /// <returns>False when the C library has no <c>malloc_trim</c> (not glibc), so there is nothing to do.</returns>
    public static bool TryTrim()
    {
        try
        {
            _ = MallocTrim(0);
            return true;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
