using Microsoft.AspNetCore.Server.Kestrel.Core;
using PiTune.Api.SharedMemory;

namespace PiTune.Api;

/// <summary>The local API (section <c>Api</c>).</summary>
internal sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The Unix socket for status, metrics and inference. Under systemd, <c>RuntimeDirectory=pitune</c> creates <c>/run/pitune</c>.</summary>
    public string SocketPath { get; set; } = "/run/pitune/pitune.sock";

    /// <summary>Group given the socket (mode 0660), by name or number; null keeps the daemon's group.</summary>
    public string? SocketGroup { get; set; }

    /// <summary>A TCP port on loopback (127.0.0.1 and ::1) to listen on as well; 0 means none.</summary>
    public int TcpPort { get; set; }

    /// <summary>Largest request body accepted, in MiB (larger gets HTTP 413).</summary>
    public int MaxRequestBodyMB { get; set; } = 64;

    /// <summary>
    /// Bytes, in MiB, that all request bodies being read may hold at once; a body that does not fit gets HTTP
    /// 503 with Retry-After. At least <see cref="MaxRequestBodyMB"/>, so a body of the largest size can be read.
    /// </summary>
    public int RequestBodyBudgetMB { get; set; } = 128;

    /// <summary>Triton's system shared memory extension: inputs and outputs in the caller's /dev/shm regions.</summary>
    public SharedMemoryOptions SharedMemory { get; set; } = new();

    /// <summary>
    /// Kestrel's minimum body data rate; null keeps Kestrel's (240 bytes/s after a 5 s grace). Not a
    /// configuration key: tests set a short grace so a held-back body is refused sooner.
    /// </summary>
    internal MinDataRate? MinRequestBodyDataRate { get; set; }
}
