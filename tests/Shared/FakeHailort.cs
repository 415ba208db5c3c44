using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace PiTune.TestSupport;

/// <summary>
/// The fake libhailort (tests/native/fakehailort): built once per test run with gcc into a temp folder cached by a
/// hash of its source, its control folder (the switches it reads on each call) and its text model format.
/// Linked into PiTune.Inference.Tests and PiTune.Tests.
/// </summary>
internal static class FakeHailort
{
    /// <summary>A child process (the daemon) finds its control folder here; in-process tests call <see cref="SetControlDirectory"/>.</summary>
    public const string ControlVariable = "FAKE_HAILORT_CONTROL";

    public const string DefaultVersion = "4.23.0";

    private static readonly Lock s_lock = new();
    private static readonly Dictionary<string, string> s_built = [];

    public static string SourceFile { get; } = FindSource();

    /// <summary>The folder holding <c>libhailort.so.{version}</c> and the <c>libhailort.so</c> link to it.</summary>
    public static string LibraryDirectory(string version = DefaultVersion)
    {
        lock (s_lock)
        {
            if (!s_built.TryGetValue(version, out string? dir))
            {
                dir = Build(version);
                s_built[version] = dir;
            }

            return dir;
        }
    }

    /// <summary>The versioned file itself (its SONAME is libhailort.so.4.23.0 whatever it reports).</summary>
    public static string LibraryFile(string version = DefaultVersion) =>
        Path.Join(LibraryDirectory(version), "libhailort.so." + version);

    /// <summary>Points the default build, loaded in this process, at a control folder (null: none, all healthy).</summary>
    public static unsafe void SetControlDirectory(string? directory)
    {
        var set = (delegate* unmanaged<byte*, void>)Export("fake_hailort_set_control_dir");
        if (directory is null)
        {
            set(null);
            return;
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(directory + "\0");
        fixed (byte* p = utf8)
            set(p);
    }

    /// <summary>Frames the in-process library has run through its outputs since it was loaded.</summary>
    public static unsafe ulong FramesProcessed() => ((delegate* unmanaged<ulong>)Export("fake_hailort_frames_processed"))();

    /// <summary>Vdevices the in-process library has opened since it was loaded: a device opened afresh counts one more.</summary>
    public static unsafe ulong VdevicesCreated() => ((delegate* unmanaged<ulong>)Export("fake_hailort_vdevices_created"))();

    /// <summary>What the newest live network group of that name was configured with, or null if there is none.</summary>
    public static unsafe (ushort BatchSize, uint SchedulerTimeoutMs, uint SchedulerThreshold, byte SchedulerPriority)? NetworkSettings(string group)
    {
        var query = (delegate* unmanaged<byte*, ushort*, uint*, uint*, byte*, int>)Export("fake_hailort_network_settings");
        byte[] utf8 = Encoding.UTF8.GetBytes(group + "\0");
        ushort batch;
        uint timeout, threshold;
        byte priority;
        fixed (byte* p = utf8)
        {
            if (query(p, &batch, &timeout, &threshold, &priority) != 0)
                return null;
        }

        return (batch, timeout, threshold, priority);
    }

    /// <summary>Writes a model in the fake's format (README.md beside the C source).</summary>
    public static string WriteModel(string path, string group, string architecture, IReadOnlyList<Stream> inputs, IReadOnlyList<Output> outputs)
    {
        var text = new StringBuilder("FAKEHEF 1\n");
        text.Append(CultureInfo.InvariantCulture, $"architecture {architecture}\ngroup {group}\n");
        foreach (Stream s in inputs)
            text.Append(CultureInfo.InvariantCulture, $"input {s.Name} {s.Height} {s.Width} {s.Features} {s.ZeroPoint:R} {s.Scale:R}\n");
        foreach (Output o in outputs)
        {
            string arg = o.Op == "sum" ? "" : " " + o.Arg.ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"output {o.Name} {o.Height} {o.Width} {o.Features} {o.ZeroPoint:R} {o.Scale:R} {o.Op}{arg}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>
    /// A Hailo-8L model, group "tiny": input "in" 1×1×4 (zp 128, scale 0.5); outputs, in this sorted order, "zeta"
    /// 1×1×4 = input + 3 (zp 128, scale 0.5) and "alpha" 1×1×2 = sum of the input's bytes + i (zp 0, scale 0.25).
    /// </summary>
    public static string WriteDefaultModel(string path, string group = "tiny") => WriteModel(
        path, group, "HAILO8L",
        [new Stream("in", 1, 1, 4, 128f, 0.5f)],
        [new Output("zeta", 1, 1, 4, 128f, 0.5f, "add", 3), new Output("alpha", 1, 1, 2, 0f, 0.25f, "sum")]);

    /// <summary>The fake's quantisation: q = f / scale + zp, rounded to nearest (ties to even), clamped to 0-255.</summary>
    public static byte Quantize(float value, float zeroPoint, float scale)
    {
        float q = MathF.Round(value / scale + zeroPoint, MidpointRounding.ToEven);
        return !(q >= 0f) ? (byte)0 : q > 255f ? (byte)255 : (byte)q;
    }

    /// <summary>The fake's de-quantisation: f = (q - zp) * scale.</summary>
    public static float Dequantize(byte q, float zeroPoint, float scale) => (q - zeroPoint) * scale;

    /// <summary>The device op of <paramref name="output"/> over one quantised input frame.</summary>
    public static byte[] Expected(Output output, ReadOnlySpan<byte> input)
    {
        int n = output.Height * output.Width * output.Features;
        var result = new byte[n];
        int sum = 0;
        foreach (byte b in input)
            sum += b;
        for (int i = 0; i < n; i++)
        {
            result[i] = output.Op switch
            {
                "sum" => (byte)(sum + i),
                "xor" => (byte)(input[i % input.Length] ^ output.Arg),
                _ => (byte)(input[i % input.Length] + output.Arg),
            };
        }

        return result;
    }

    private static nint Export(string name) =>
        NativeLibrary.GetExport(NativeLibrary.Load(LibraryFile()), name);

    private static string FindSource()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Join(dir.FullName, "tests", "native", "fakehailort", "fakehailort.c");
            if (File.Exists(candidate))
                return candidate;
        }

        throw new InvalidOperationException("tests/native/fakehailort/fakehailort.c not found above " + AppContext.BaseDirectory);
    }

    private static string Build(string version)
    {
        string[] flags =
        [
            "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-pthread",
            "-Wl,-soname,libhailort.so.4.23.0", $"-DFAKE_HAILORT_VERSION=\"{version}\"",
        ];
        string hash = Convert.ToHexString(SHA256.HashData(
            Encoding.UTF8.GetBytes(File.ReadAllText(SourceFile) + "\n" + string.Join(' ', flags))))[..16].ToLowerInvariant();
        string root = Path.Join(Path.GetTempPath(), "pitune-fakehailort");
        string dir = Path.Join(root, $"{version}-{hash}");
        string file = "libhailort.so." + version;
        if (File.Exists(Path.Join(dir, file)))
            return dir;

        // Built beside and renamed into place, so test processes building at once never load a half-written file.
        Directory.CreateDirectory(root);
        string staging = Directory.CreateTempSubdirectory("pitune-fakehailort-build-").FullName;
        var gcc = new ProcessStartInfo("gcc") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string flag in flags)
            gcc.ArgumentList.Add(flag);
        gcc.ArgumentList.Add("-o");
        gcc.ArgumentList.Add(Path.Join(staging, file));
        gcc.ArgumentList.Add(SourceFile);
        gcc.ArgumentList.Add("-lm");
        Process process;
        try
        {
            process = Process.Start(gcc)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("gcc not found: apt-get install gcc (the fake libhailort is built from C source)");
        }

        using (process)
        {
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"gcc failed to build the fake libhailort ({process.ExitCode}): {stderr}");
        }

        File.CreateSymbolicLink(Path.Join(staging, "libhailort.so"), file);
        try
        {
            Directory.Move(staging, dir);
        }
        catch (IOException) when (File.Exists(Path.Join(dir, file)))
        {
            Directory.Delete(staging, recursive: true); // another test process won the race
        }

        return dir;
    }

    /// <summary>One input of a fake model: shape, then the device's quantisation.</summary>
    public sealed record Stream(string Name, int Height, int Width, int Features, float ZeroPoint, float Scale);

    /// <summary>One output: shape, quantisation and the device op ("add" K, "xor" K, or "sum").</summary>
    public sealed record Output(string Name, int Height, int Width, int Features, float ZeroPoint, float Scale, string Op, int Arg = 0);

    /// <summary>A control folder: every switch is a file the library reads on the call it affects.</summary>
    public sealed class Control : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("pitune-fakehailort-control-").FullName;

        /// <summary>null (healthy), "no-driver" (64), "no-device" (74), "busy" (74, or 73 with device ids),
        /// "driver-version" (76), "no-service" (6 for MultiProcessService), "gone" (the chip went away under a running
        /// network: writes, reads, vstream creation and configuring fail 36; opening finds no device, 74; a vdevice open when
        /// a call finds the chip gone stays dead, failing 36, after the mode is cleared: only a new one works).</summary>
        public void SetMode(string? mode) => Write("mode", mode);

        /// <summary>The version hailo_get_library_version reports; null: the build's own.</summary>
        public void SetVersion(string? version) => Write("version", version);

        public void SetTemperatures(float ts0, float ts1) =>
            Write("temperature", string.Create(CultureInfo.InvariantCulture, $"{ts0:R} {ts1:R}"));

        /// <summary>"HAILO8" or "HAILO8L" (the default).</summary>
        public void SetArchitecture(string? architecture) => Write("architecture", architecture);

        /// <summary>The device's time per frame, slept in the write call.</summary>
        public void SetFrameDelay(int microseconds) => Write("frame-delay-us", microseconds.ToString(CultureInfo.InvariantCulture));

        /// <summary>
        /// While stalled the device holds the frames written (they come out late, before the next frame once the stall
        /// is lifted) and a read with nothing to read returns TIMEOUT: at once, or after the vstream's timeout with
        /// <paramref name="waitOutTimeout"/> (a test never waits on that clock for a success).
        /// </summary>
        public void SetStall(bool stalled, bool waitOutTimeout = false) =>
            Write("stall", !stalled ? null : waitOutTimeout ? "wait" : "1");

        /// <summary>Asks the library to write <see cref="FramesProcessed"/> after each frame (it costs a file rename a frame).</summary>
        public void CountFrames() => Write("frames-processed", "0");

        /// <summary>The count the library writes after each frame once <see cref="CountFrames"/> was called.</summary>
        public long? FramesProcessed()
        {
            string file = System.IO.Path.Join(Path, "frames-processed");
            return File.Exists(file) ? long.Parse(File.ReadAllText(file), CultureInfo.InvariantCulture) : null;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);

        private void Write(string name, string? value)
        {
            string file = System.IO.Path.Join(Path, name);
            if (value is null)
                File.Delete(file);
            else
                File.WriteAllText(file, value + "\n");
        }
    }
}
