using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using PiTune.Tests.Api;
using PiTune.Tests.Governor;
using PiTune.Tests.Support;

namespace PiTune.Tests.EndToEnd;

/// <summary>
/// Triton's system shared memory against the real daemon (the JIT build, or with TEST_PITUNE_BINARY the Native AOT
/// binary): regions in the real /dev/shm, answers equal to the binary path's, every bad region a 400 with the daemon
/// serving after it, and another uid (a client run as nobody through setpriv) kept out of root's regions.
/// </summary>
[Collection(nameof(TimingCollection))]
public sealed class SharedMemoryDaemonTests : IDisposable
{
    private const string Model = "text-direction";
    private const string Output = "softmax_0.tmp_0";
    private const int ItemElements = 3 * 48 * 192;
    private const int ItemBytes = ItemElements * 4;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _dir = new();
    private readonly List<ShmFile> _files = [];
    private readonly List<string> _links = [];

    [Fact]
    public async Task Shared_memory_round_trips_equal_the_binary_answer_and_every_bad_region_gets_400_while_the_daemon_serves()
    {
        (DaemonProcess daemon, HttpClient client) = Start();
        using (daemon)
        using (client)
        {
            Assert.Contains("\"system_shared_memory\"", await client.GetStringAsync("/v2"), StringComparison.Ordinal);
            float[] items = [.. Random(1), .. Random(2)];
            ShmFile input = File(2 * ItemBytes);
            ShmFile output = File(4096);
            input.Write(0, items);
            await RegisterOkAsync(client, "in", input.Key, 0, 2 * ItemBytes);
            await RegisterOkAsync(client, "out", output.Key, 1024, 1024);

            float[] binary = await InferBinaryAsync(client, 2, items);
            using (HttpResponseMessage shm = await InferShmAsync(client, 2, "in", 2 * ItemBytes, outputRegion: "out", outputOffset: 16))
            {
                string text = await shm.Content.ReadAsStringAsync();
                Assert.True(shm.StatusCode == HttpStatusCode.OK, text);
                using JsonDocument doc = JsonDocument.Parse(text);
                JsonElement o = doc.RootElement.GetProperty("outputs")[0];
                Assert.False(o.TryGetProperty("data", out _), text);
                Assert.Equal("{\"shared_memory_region\":\"out\",\"shared_memory_byte_size\":16,\"shared_memory_offset\":16}", o.GetProperty("parameters").GetRawText());
            }

            Assert.Equal(binary, output.ReadFloats(1024 + 16, 4));
            using (HttpResponseMessage json = await InferShmAsync(client, 2, "in", 2 * ItemBytes))
            {
                using JsonDocument doc = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
                Assert.Equal(binary, doc.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()));
            }

            ShmFile other = File(64);
            string link = ShmFile.UnusedKey();
            System.IO.File.CreateSymbolicLink("/dev/shm" + link, input.Path);
            _links.Add("/dev/shm" + link);
            (Func<Task<HttpResponseMessage>> Call, string Expected)[] cases =
            [
                (() => RegisterAsync(client, "k", "frames", 0, 16), "does not start with '/'"),
                (() => RegisterAsync(client, "k", "/a/b", 0, 16), "has a '/' after the first"),
                (() => RegisterAsync(client, "k", "/..", 0, 16), "holds \"..\""),
                (() => RegisterAsync(client, "k", "/" + new string('x', 256), 0, 16), "a key is 2 to 255"),
                (() => RegisterAsync(client, "k", link, 0, 16), "it is a symbolic link"),
                (() => RegisterAsync(client, "k", "/", 0, 16), "a key is 2 to 255"),
                (() => RegisterAsync(client, "k", other.Key, 60, 5), $"offset 60 + byte_size 5 is past the end of {other.Path}"),
                (() => RegisterAsync(client, "k", other.Key, long.MaxValue, 2), "is past the end"),
                (() => RegisterAsync(client, "in", other.Key, 0, 16), "a region named \"in\" is already registered"),
                (() => InferShmAsync(client, 1, "nope", ItemBytes), "unknown shared-memory region \"nope\""),
                (() => InferShmAsync(client, 1, "in", ItemBytes + 4), $"shared_memory_byte_size is {ItemBytes + 4} bytes; shape [1,3,48,192] of FP32 needs {ItemBytes}"),
                (() => InferShmAsync(client, 2, "in", 2 * ItemBytes, inputOffset: 4), "do not fit in it"),
                (() => InferShmAsync(client, 1, "in", ItemBytes, outputRegion: "out", outputOffset: 1020), "holds 1024 bytes; shared_memory_offset 1020 and shared_memory_byte_size 8 do not fit"),
            ];
            foreach ((Func<Task<HttpResponseMessage>> call, string expected) in cases)
            {
                using HttpResponseMessage refused = await call();
                string error = await ApiTestServer.ErrorOf(refused);
                Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{refused.StatusCode}: {error}");
                Assert.Contains(expected, error, StringComparison.Ordinal);
                await AssertServesAsync(client);
            }

            if (RootFactAttribute.IsRoot)
            {
                ShmFile nobodys = File(64);
                nobodys.Chown(65534, 65534);
                using HttpResponseMessage refused = await RegisterAsync(client, "k", nobodys.Key, 0, 16);
                Assert.Contains($"{nobodys.Path} is owned by uid 65534; a region's file must be owned by the caller (uid 0)", await ApiTestServer.ErrorOf(refused), StringComparison.Ordinal);
                await AssertServesAsync(client);
            }

            output.Truncate(100);
            using (HttpResponseMessage truncated = await InferShmAsync(client, 1, "in", ItemBytes, outputRegion: "out"))
            {
                Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
                Assert.Contains($"its file {output.Path} is now 100 bytes", await ApiTestServer.ErrorOf(truncated), StringComparison.Ordinal);
            }

            await AssertServesAsync(client);
            input.Unlink();
            using (HttpResponseMessage removed = await InferShmAsync(client, 1, "in", ItemBytes))
            {
                Assert.Equal(HttpStatusCode.BadRequest, removed.StatusCode);
                // Closed at this use, or by the 10 s sweep a moment before on a loaded machine: 400 naming it either way.
                Assert.Matches($"^input \"x\": (shared-memory region \"in\" \\(key {input.Key}\\) was removed|unknown shared-memory region \"in\")", await ApiTestServer.ErrorOf(removed));
            }

            await AssertServesAsync(client);
            daemon.WaitForOutput($"Shared-memory region in of uid 0 closed: its file {input.Path} was removed", Limit);
            Assert.Equal($"[{{\"name\":\"out\",\"key\":\"{output.Key}\",\"offset\":1024,\"byte_size\":1024}}]", await client.GetStringAsync("/v2/systemsharedmemory/status"));
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v2/systemsharedmemory/unregister", null)).StatusCode);
            Assert.Equal("[]", await client.GetStringAsync("/v2/systemsharedmemory/status"));
        }
    }

    [RootFact]
    public async Task Another_uid_is_told_roots_regions_are_unknown_and_registers_its_own()
    {
        RootFactAttribute.Require();
        Assert.True(System.IO.File.Exists(Python), $"this test runs a client as uid 65534 with {Python}; install python3 (.ci/run does)");
        (DaemonProcess daemon, HttpClient client) = Start("--Api:SocketGroup=65534");
        using (daemon)
        using (client)
        {
            ShmFile roots = File(ItemBytes);
            roots.Write(0, Random(3));
            await RegisterOkAsync(client, "frames", roots.Key, 0, ItemBytes);
            ShmFile nobodys = File(64);
            nobodys.Chown(65534, 65534);

            string socket = SocketPath();
            string infer = $"{{\"inputs\":[{{\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":\"FP32\",\"parameters\":{{\"shared_memory_region\":\"frames\",\"shared_memory_byte_size\":{ItemBytes}}}}}]}}";
            Assert.Equal("400 input \"x\": unknown shared-memory region \"frames\"", Trim(AsNobody(socket, "POST", $"/v2/models/{Model}/infer", infer)));
            Assert.Equal("400 unknown shared-memory region \"frames\"", Trim(AsNobody(socket, "GET", "/v2/systemsharedmemory/region/frames/status", "")));
            Assert.Equal("200 []", AsNobody(socket, "GET", "/v2/systemsharedmemory/status", ""));
            Assert.Equal($"400 shared-memory region \"mine\" (key {roots.Key}): {roots.Path} is owned by uid 0, the daemon's, not by the caller (uid 65534)",
                Trim(AsNobody(socket, "POST", "/v2/systemsharedmemory/region/mine/register", $"{{\"key\":\"{roots.Key}\",\"byte_size\":16}}")));
            Assert.Equal("200 ", AsNobody(socket, "POST", "/v2/systemsharedmemory/unregister", ""));
            Assert.Equal("200 ", AsNobody(socket, "POST", "/v2/systemsharedmemory/region/frames/register", $"{{\"key\":\"{nobodys.Key}\",\"byte_size\":64}}"));

            // Both own a region called "frames": each sees only its own.
            Assert.Equal($"[{{\"name\":\"frames\",\"key\":\"{roots.Key}\",\"offset\":0,\"byte_size\":{ItemBytes}}}]", await client.GetStringAsync("/v2/systemsharedmemory/status"));
            Assert.Equal($"200 [{{\"name\":\"frames\",\"key\":\"{nobodys.Key}\",\"offset\":0,\"byte_size\":64}}]", AsNobody(socket, "GET", "/v2/systemsharedmemory/status", ""));
            await AssertServesAsync(client);
            using HttpResponseMessage mine = await InferShmAsync(client, 1, "frames", ItemBytes);
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        }

        string SocketPath() => Path.Join(_dir.Combine("sim"), "run/pitune/pitune.sock");
    }

    public void Dispose()
    {
        foreach (ShmFile f in _files)
        {
            f.Dispose();
        }

        foreach (string l in _links)
        {
            System.IO.File.Delete(l);
        }

        _dir.Dispose();
    }

    private const string Python = "/usr/bin/python3";

    /// <summary>One HTTP request over the Unix socket from a process running as uid/gid 65534: "status body".</summary>
    private static string AsNobody(string socket, string method, string path, string body)
    {
        const string Script = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sys.argv[1])
            body = sys.argv[4].encode()
            s.sendall(f"{sys.argv[2]} {sys.argv[3]} HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            print(head.split(b" ")[1].decode() + " " + rest.decode(), end="")
            """;
        var info = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "--", Python, "-I", "-c", Script, socket, method, path, body })
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"the client as uid 65534 failed: {error}");
        return output;
    }

    /// <summary>"400 {"error":"…"}" cut to the status and the message's first sentence part.</summary>
    private static string Trim(string answer)
    {
        int space = answer.IndexOf(' ', StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(answer[(space + 1)..]);
        string error = doc.RootElement.GetProperty("error").GetString()!;
        return answer[..space] + " " + error.Split(';')[0];
    }

    private (DaemonProcess Daemon, HttpClient Client) Start(params string[] extra)
    {
        string simRoot = _dir.Combine("sim");
        DaemonProcess daemon = DaemonProcess.Start(
            ["run", "--simulate", "--sim-root", simRoot, "--sim-speed", "20", "--config", RepoPaths.SampleConfig, "--Log:Target=Console", .. extra]);
        daemon.WaitForOutput($"Model {Model} ready", Limit);
        string socket = Path.Join(simRoot, "run/pitune/pitune.sock");
        return (daemon, new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), token);
                return new NetworkStream(s, ownsSocket: true);
            },
        })
        { BaseAddress = new Uri("http://localhost") });
    }

    private ShmFile File(long size)
    {
        var file = new ShmFile(size);
        _files.Add(file);
        return file;
    }

    private static async Task RegisterOkAsync(HttpClient client, string name, string key, long offset, long byteSize)
    {
        using HttpResponseMessage response = await RegisterAsync(client, name, key, offset, byteSize);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, response.Content.Headers.ContentLength);
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string name, string key, long offset, long byteSize) =>
        client.PostAsync($"/v2/systemsharedmemory/region/{name}/register", new StringContent(
            JsonSerializer.Serialize(new Dictionary<string, object> { ["key"] = key, ["offset"] = offset, ["byte_size"] = byteSize }), Encoding.UTF8, "application/json"));

    private static Task<HttpResponseMessage> InferShmAsync(
        HttpClient client, int rows, string inputRegion, long inputBytes, long inputOffset = 0, string? outputRegion = null, long outputOffset = 0)
    {
        string outputs = outputRegion is null ? ""
            : $",\"outputs\":[{{\"name\":\"{Output}\",\"parameters\":{{\"shared_memory_region\":\"{outputRegion}\",\"shared_memory_byte_size\":{rows * 8},\"shared_memory_offset\":{outputOffset}}}}}]";
        string json = $"{{\"inputs\":[{{\"name\":\"x\",\"shape\":[{rows},3,48,192],\"datatype\":\"FP32\",\"parameters\":{{\"shared_memory_region\":\"{inputRegion}\",\"shared_memory_byte_size\":{inputBytes},\"shared_memory_offset\":{inputOffset}}}}}]{outputs}}}";
        return client.PostAsync($"/v2/models/{Model}/infer", new StringContent(json, Encoding.UTF8, "application/json"));
    }

    private static async Task<float[]> InferBinaryAsync(HttpClient client, int rows, float[] flat)
    {
        byte[] header = Encoding.UTF8.GetBytes(
            $"{{\"inputs\":[{{\"name\":\"x\",\"shape\":[{rows},3,48,192],\"datatype\":\"FP32\",\"parameters\":{{\"binary_data_size\":{flat.Length * 4}}}}}],\"parameters\":{{\"binary_data_output\":true}}}}");
        var content = new ByteArrayContent([.. header, .. MemoryMarshal.AsBytes(flat.AsSpan())]);
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(CultureInfo.InvariantCulture));
        using HttpResponseMessage response = await client.PostAsync($"/v2/models/{Model}/infer", content);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, Encoding.UTF8.GetString(body));
        int headerLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), CultureInfo.InvariantCulture);
        return MemoryMarshal.Cast<byte, float>(body.AsSpan(headerLength)).ToArray();
    }

    private static async Task AssertServesAsync(HttpClient client)
    {
        float[] answer = await InferBinaryAsync(client, 1, Random(9));
        Assert.Equal(2, answer.Length);
    }

    private static float[] Random(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, ItemElements).Select(_ => (float)((random.NextDouble() * 2) - 1))];
    }
}
