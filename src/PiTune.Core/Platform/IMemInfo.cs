namespace PiTune.Core.Platform;

/// <summary><c>/proc/meminfo</c>.</summary>
public interface IMemInfo
{
    ReadResult<MemInfo> Read();
}
