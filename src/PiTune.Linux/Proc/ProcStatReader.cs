using System.Buffers;
using PiTune.Core.Platform;
using PiTune.Linux.Files;
using PiTune.Linux.Parsing;

namespace PiTune.Linux.Proc;

/// <summary>
/// <c>/proc/stat</c>'s CPU lines, read into a pooled buffer. Only the start of the file is read: the CPU
/// lines come first, and the <c>intr</c> line after them runs to kilobytes on machines with many interrupts.
/// </summary>
internal sealed class ProcStatReader(ISysFiles files) : IProcStat
{
    private const int MaxBytes = 1024 * 1024;
    private readonly ISysFiles _files = files ?? throw new ArgumentNullException(nameof(files));

    // Grows (rarely, and only on many-core machines) when the CPU lines do not fit; a racing write is harmless.
    private int _bufferBytes = 4096;

    public ReadResult<int> Read(out CpuTimes total, Span<CpuTimes> perCpu) => Read(out total, perCpu, out _);

    /// <summary>As <see cref="Read(out CpuTimes, Span{CpuTimes})"/>, also giving the highest CPU number seen (-1 for none).</summary>
    public ReadResult<int> Read(out CpuTimes total, Span<CpuTimes> perCpu, out int highestCpu)
    {
        for (int size = _bufferBytes; ; size *= 4)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                ReadResult<int> read = _files.ReadBytes(SysPaths.ProcStat, buffer);
                if (!read.IsOk)
                {
                    total = default;
                    highestCpu = -1;
                    perCpu.Clear();
                    return read;
                }

                bool truncated = read.Value >= buffer.Length;
                ReadResult<int> parsed = ProcStatParse.Parse(
                    buffer.AsSpan(0, read.Value), truncated, SysPaths.ProcStat, out total, perCpu, out highestCpu, out bool needMore);
                if (needMore && size < MaxBytes)
                {
                    _bufferBytes = size * 4;
                    continue;
                }

                return parsed;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
