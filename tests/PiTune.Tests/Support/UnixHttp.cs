using PiTune.Cli;

namespace PiTune.Tests.Support;

/// <summary>HTTP to a daemon started by a test, over its Unix socket.</summary>
internal static class UnixHttp
{
    /// <summary>
    /// The CLI's own client of the socket at <paramref name="socketPath"/>, with HttpClient's usual 100 s timeout instead
    /// of the CLI's none: a daemon that never answers fails the test rather than hanging the run.
    /// </summary>
    public static HttpClient Client(string socketPath)
    {
        HttpClient client = SocketHttp.CreateClient(socketPath);
        client.Timeout = TimeSpan.FromSeconds(100);
        return client;
    }
}
