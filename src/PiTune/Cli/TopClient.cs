using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PiTune.Cli;

/// <summary>
/// <c>pitune top</c>'s side of the socket: <c>GET /status</c> and <c>GET /status/history?since=N</c> each refresh, so
/// only the snapshots taken since the last one cross the socket after the first.
/// </summary>
internal sealed class TopClient(string socket) : IDisposable
{
    /// <summary>Entries kept on this side: more than any terminal is wide.</summary>
    public const int MaxSamples = 1000;

    private readonly HttpClient _client = SocketHttp.CreateClient(socket);

    private readonly List<TopSample> _samples = [];

    // Whether the daemon answers GET /profile (issue 14's profiles): null until asked once.
    private bool? _hasProfileEndpoint;

    public string Socket => socket;

    public IReadOnlyList<TopSample> Samples => _samples;

    public TopStatus? Status { get; private set; }

    /// <summary>Asks for the status and the new history; throws what the connection or the daemon's answer threw.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        using (JsonDocument status = await GetAsync("/status", cancellationToken))
        {
            Status = TopStatus.Parse(status.RootElement);
        }

        if (Status.Profile is null && _hasProfileEndpoint is not false)
        {
            Status = Status with { Profile = await ProfileAsync(cancellationToken) };
        }

        if (_samples.Count > 0 && Status.Sequence < _samples[^1].Sequence)
        {
            // The daemon restarted: its sequence began again, so the history held here is another run's.
            _samples.Clear();
        }

        string query = _samples.Count == 0 ? "" : "?since=" + _samples[^1].Sequence.ToString(CultureInfo.InvariantCulture);
        using JsonDocument history = await GetAsync("/status/history" + query, cancellationToken);
        if (!history.RootElement.TryGetProperty("samples", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new TopReplyException("the answer to GET /status/history has no \"samples\" (an older pitune without history?)");
        }

        foreach (JsonElement e in list.EnumerateArray())
        {
            _samples.Add(TopSample.Parse(e));
        }

        if (_samples.Count > MaxSamples)
        {
            _samples.RemoveRange(0, _samples.Count - MaxSamples);
        }
    }

    /// <summary>The active profile from <c>GET /profile</c> when /status does not name it; a daemon without profiles answers 404 once.</summary>
    private async Task<string?> ProfileAsync(CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _client.GetAsync(new Uri("/profile", UriKind.Relative), cancellationToken);
        _hasProfileEndpoint = response.StatusCode != HttpStatusCode.NotFound;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        try
        {
            using JsonDocument profile = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return TopSample.Text(profile.RootElement, "name");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<JsonDocument> GetAsync(string path, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new TopReplyException($"the daemon answered {(int)response.StatusCode} {response.ReasonPhrase} to GET {path}"
                + (response.StatusCode == HttpStatusCode.NotFound ? " (an older pitune without /status/history?)" : ""));
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new TopReplyException($"the answer to GET {path} is not valid JSON ({ex.Message})");
        }
    }

    public void Dispose() => _client.Dispose();
}
