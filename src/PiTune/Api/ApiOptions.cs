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
}
