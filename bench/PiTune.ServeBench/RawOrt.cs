using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using PiTune.Inference.Models;

namespace PiTune.ServeBench;

/// <summary>
/// Raw in-process ONNX Runtime on the bundled model, what the served figures are judged against: a session in the
/// daemon's own configuration (one loop, or the runners' loops at once on it) and one with ORT's defaults. The sessions
/// stay open for the whole run, so each round can measure raw ORT right before the served points it is compared with
/// and a ratio is never taken across minutes of this shared machine's changing load.
/// </summary>
internal sealed class RawOrt : IDisposable
{
    // The bundled text-direction classifier's input "x": one 3 x 48 x 192 image per row, two scores out.
    private const string InputName = "x";
    private static readonly long[] ItemShape = [3, 48, 192];
    private const int ItemElements = 3 * 48 * 192;
    private const int OutputsPerItem = 2;

    private readonly SessionOptions _daemonOptions;
    private readonly InferenceSession _daemonSession;
    private readonly SessionOptions _defaultOptions;
    private readonly InferenceSession _defaultSession;
    private readonly double _seconds;

    /// <summary>
    /// Opens both sessions on <paramref name="modelPath"/>: the daemon's from ModelLoader.CreateSessionOptions over
    /// <paramref name="daemonModel"/> (graph optimizations All), ORT's defaults from SessionOptions with only graph
    /// optimizations All (one intra-op thread per core, spinning on). Each measurement runs for <paramref name="seconds"/>.
    /// </summary>
    public RawOrt(string modelPath, ModelOptions daemonModel, double seconds)
    {
        _seconds = seconds;
        _daemonOptions = ModelLoader.CreateSessionOptions(daemonModel, GraphOptimization.All);
        _daemonSession = new InferenceSession(modelPath, _daemonOptions);
        _defaultOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _defaultSession = new InferenceSession(modelPath, _defaultOptions);
    }

    /// <summary>The daemon's configuration, one thread calling Run back to back.</summary>
    public (double ItemsPerSecond, double MsPerBatch) DaemonConfigSingle(int batch) => MeasureSingle(_daemonSession, batch);

    /// <summary>
    /// The daemon's configuration, <paramref name="loops"/> threads on the one session as the daemon's runners: items/s
    /// summed over the threads, ms per batch per thread.
    /// </summary>
    public (double ItemsPerSecond, double MsPerBatch) DaemonConfigConcurrent(int batch, int loops)
    {
        using var start = new Barrier(loops);
        var results = new (long Runs, double Seconds)[loops];
        Thread[] threads = [.. Enumerable.Range(0, loops).Select(i => new Thread(() => results[i] = RunLoop(_daemonSession, batch, start)))];
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        return (results.Sum(r => r.Runs * batch / r.Seconds), results.Sum(r => r.Seconds) * 1000 / results.Sum(r => r.Runs));
    }

    /// <summary>ORT's defaults, what a user's own loop gets: one thread calling Run back to back.</summary>
    public (double ItemsPerSecond, double MsPerBatch) OrtDefaultsSingle(int batch) => MeasureSingle(_defaultSession, batch);

    public void Dispose()
    {
        _defaultSession.Dispose();
        _defaultOptions.Dispose();
        _daemonSession.Dispose();
        _daemonOptions.Dispose();
    }

    private (double ItemsPerSecond, double MsPerBatch) MeasureSingle(InferenceSession session, int batch)
    {
        (long runs, double elapsed) = RunLoop(session, batch, null);
        return (runs * batch / elapsed, elapsed * 1000 / runs);
    }

    // One thread calling Run back to back on `session` with `batch` rows, its own input and output; after a warm-up it
    // waits at `start` (so concurrent loops begin together), then runs for the measurement's seconds. Returns the runs and
    // the seconds they took.
    private (long Runs, double Seconds) RunLoop(InferenceSession session, int batch, Barrier? start)
    {
        float[] input = new float[batch * ItemElements];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (float)((i % 255) / 255.0);
        }

        float[] output = new float[batch * OutputsPerItem];
        using OrtValue inValue = OrtValue.CreateTensorValueFromMemory(input, [batch, .. ItemShape]);
        using OrtValue outValue = OrtValue.CreateTensorValueFromMemory(output, [batch, OutputsPerItem]);
        using var runOptions = new RunOptions();
        string[] inNames = [InputName];
        string[] outNames = [session.OutputMetadata.Keys.First()];
        OrtValue[] ins = [inValue];
        OrtValue[] outs = [outValue];
        for (int w = 0; w < 3; w++)
        {
            session.Run(runOptions, inNames, ins, outNames, outs);
        }

        start?.SignalAndWait();
        long runs = 0;
        long t0 = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(t0).TotalSeconds < _seconds)
        {
            session.Run(runOptions, inNames, ins, outNames, outs);
            runs++;
        }

        return (runs, Stopwatch.GetElapsedTime(t0).TotalSeconds);
    }
}
