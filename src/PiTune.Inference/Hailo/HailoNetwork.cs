using System.Runtime.InteropServices;
using PiTune.Inference.Hailo.Interop;

namespace PiTune.Inference.Hailo;

/// <summary>
/// One configured network group and its vstreams. <see cref="Run"/> writes a batch one frame per call on the caller's
/// thread while one reader thread per output reads it back; the library batches inside (the scheduler's burst).
/// Run is called from one thread at a time (the model's batcher worker).
/// </summary>
internal sealed unsafe class HailoNetwork : IDisposable
{
    private readonly HailoDevice _device;
    private readonly HefHandle _hef;
    private readonly nint _networkGroup;
    private readonly HailoVstreamParamsByName* _inputParams;
    private readonly HailoVstreamParamsByName* _outputParams;
    private readonly nint[] _outputVstreams;
    private readonly HailoOutputReader[] _readers;
    private readonly CountdownEvent _readersDone;
    private readonly Lock _runLock = new();
    private nint _inputVstream;
    private int _readLimit;
    private int _inFlight;
    private long _framesDone;
    private string? _broken;
    private bool _disposed;

    private HailoNetwork(
        HailoDevice device, string name, HefHandle hef, nint networkGroup, HailoVstreamParamsByName* inputParams,
        HailoVstreamParamsByName* outputParams, int outputCount, string[] sortedOutputNames, HailoNetworkSettings settings)
    {
        _device = device;
        Name = name;
        _hef = hef;
        _networkGroup = networkGroup;
        _inputParams = inputParams;
        _outputParams = outputParams;
        _outputVstreams = new nint[outputCount];

        var outputs = new HailoStreamInfo[outputCount];
        try
        {
            CreateVstreams(sortedOutputNames, settings, outputs);
            Input = Describe(_inputVstream, input: true, settings.FloatInputs);
        }
        catch
        {
            ReleaseVstreams();
            throw;
        }

        Outputs = outputs;

        _readersDone = new CountdownEvent(outputCount);
        _readers = new HailoOutputReader[outputCount];
        for (int i = 0; i < outputCount; i++)
            _readers[i] = new HailoOutputReader(this, i, outputs[i].FrameBytes, _readersDone, $"pitune-hailo-{name}-{i}");
    }

    /// <summary>The model's name: the HEF's file name without extension (reader threads carry it).</summary>
    public string Name { get; }

    public HailoStreamInfo Input { get; }

    /// <summary>In the HEF's sorted output order, as <see cref="Run"/> expects the output buffers.</summary>
    public IReadOnlyList<HailoStreamInfo> Outputs { get; }

    /// <summary>Frames whose every output has been read, since the network was configured.</summary>
    public long FramesDone => Interlocked.Read(ref _framesDone);

    /// <summary>Frames written and not yet read back (on the first output) in the running batch.</summary>
    public int FramesInFlight => Volatile.Read(ref _inFlight);

    internal int ReadLimit => Volatile.Read(ref _readLimit);

    /// <summary>
    /// Why the network can no longer run, or null: after a failed run its vstreams could not be made again (the chip
    /// gone, reset or its driver unloaded), and every later <see cref="Run"/> is refused with this reason. Nothing on
    /// this configured network group recovers from it; the model must be configured afresh.
    /// </summary>
    public string? Broken => Volatile.Read(ref _broken);

    /// <summary>
    /// Runs <paramref name="frames"/> frames: <c>frames × Input.FrameBytes</c> bytes at <paramref name="input"/>, and
    /// <c>frames × Outputs[i].FrameBytes</c> bytes at each <paramref name="outputs"/>[i] (native memory the caller
    /// keeps alive until this returns). Throws <see cref="HailoException"/> when a write or read fails (TIMEOUT: the
    /// chip did not answer within FrameTimeout); the vstreams are then made again, so a late frame of the failed batch
    /// can never be read as the next batch's, and the network stays usable, unless that fails too (<see cref="Broken"/>).
    /// </summary>
    public void Run(nint input, int frames, ReadOnlySpan<nint> outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        if (outputs.Length != _readers.Length)
            throw new ArgumentException($"{Name} has {_readers.Length} outputs, {outputs.Length} buffers given", nameof(outputs));
        if (!_runLock.TryEnter())
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            throw new InvalidOperationException($"{Name}: Run is called from one thread at a time");
        }

        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_broken is { } broken)
                throw HailoException.Refused(HailoStatus.InvalidOperation, broken);

            Volatile.Write(ref _readLimit, frames);
            _readersDone.Reset(_readers.Length);
            for (int i = 0; i < _readers.Length; i++)
                _readers[i].Start(_outputVstreams[i], outputs[i], frames);

            nuint frameBytes = (nuint)Input.FrameBytes;
            HailoStatus written = HailoStatus.Success;
            for (int f = 0; f < frames; f++)
            {
                written = HailoNative.VstreamWriteRawBuffer(_inputVstream, input + (nint)((nuint)f * frameBytes), frameBytes);
                if (written != HailoStatus.Success)
                {
                    // Readers stop at the frames that went in; one already waiting for frame f waits out its timeout.
                    Volatile.Write(ref _readLimit, f);
                    break;
                }

                Interlocked.Increment(ref _inFlight);
            }

            _readersDone.Wait();
            Volatile.Write(ref _inFlight, 0);

            HailoException? failure = written != HailoStatus.Success
                ? new HailoException(written, "hailo_vstream_write_raw_buffer", Name)
                : FirstReadFailure();
            if (failure is null)
            {
                Interlocked.Add(ref _framesDone, frames);
                return;
            }

            RecreateVstreams(failure);
            throw failure;
        }
        finally
        {
            _runLock.Exit();
        }
    }

    public void Dispose()
    {
        lock (_runLock)
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (HailoOutputReader reader in _readers)
                reader.Dispose();
            _readersDone.Dispose();
            ReleaseVstreams();
            NativeMemory.Free(_inputParams);
            NativeMemory.Free(_outputParams);
            _hef.Dispose();
        }

        _device.Forget(this);
    }

    internal void FrameRead() => Interlocked.Decrement(ref _inFlight);

    internal static HailoNetwork Create(HailoDevice device, nint vdevice, string hefPath, HailoNetworkSettings settings)
    {
        HailoDevice.Check(HailoNative.CreateHefFile(out nint hefPointer, hefPath), "hailo_create_hef_file", hefPath);
        var hef = new HefHandle(hefPointer);
        HailoVstreamParamsByName* inputParams = null;
        HailoVstreamParamsByName* outputParams = null;
        try
        {
            nint group = ConfigureGroup(vdevice, hefPointer, hefPath, settings.BatchSize);
            SetScheduler(group, settings, hefPath);

            uint timeoutMs = TimeoutMs(settings.FrameTimeout);
            int inputCount = MakeParams(group, input: true, settings.FloatInputs, timeoutMs, out inputParams);
            if (inputCount != 1)
            {
                throw HailoException.Refused(HailoStatus.NotSupported,
                    $"{hefPath} has {inputCount} inputs ({Names(inputParams, inputCount)}); PiTune serves one-input models");
            }

            int outputCount = MakeParams(group, input: false, settings.FloatOutputs, timeoutMs, out outputParams);
            string[] sorted = SortedOutputNames(hefPointer, outputCount);
            string name = Path.GetFileNameWithoutExtension(hefPath);
            return new HailoNetwork(device, name, hef, group, inputParams, outputParams, outputCount, sorted, settings);
        }
        catch
        {
            NativeMemory.Free(inputParams);
            NativeMemory.Free(outputParams);
            hef.Dispose();
            throw;
        }
    }

    private static nint ConfigureGroup(nint vdevice, nint hef, string hefPath, ushort batchSize)
    {
        var parameters = (HailoConfigureParams*)NativeMemory.AllocZeroed((nuint)sizeof(HailoConfigureParams));
        try
        {
            HailoDevice.Check(HailoNative.InitConfigureParamsByVdevice(hef, vdevice, parameters), "hailo_init_configure_params_by_vdevice", hefPath);
            int groups = (int)Math.Min(parameters->NetworkGroupParamsCount, 8);
            for (int i = 0; i < groups; i++)
                parameters->NetworkGroupParams[i].BatchSize = batchSize;

            nint* configured = stackalloc nint[8];
            nuint count = 8;
            HailoDevice.Check(HailoNative.ConfigureVdevice(vdevice, hef, parameters, configured, ref count), "hailo_configure_vdevice", hefPath);
            if (count != 1)
                throw HailoException.Refused(HailoStatus.NotSupported, $"{hefPath} has {count} network groups; PiTune serves one per model");
            return configured[0];
        }
        finally
        {
            NativeMemory.Free(parameters);
        }
    }

    private static void SetScheduler(nint group, HailoNetworkSettings settings, string hefPath)
    {
        if (settings.SchedulerTimeoutMs is uint timeout)
            HailoDevice.Check(HailoNative.SetSchedulerTimeout(group, timeout, 0), "hailo_set_scheduler_timeout", hefPath);
        if (settings.SchedulerThreshold is uint threshold)
            HailoDevice.Check(HailoNative.SetSchedulerThreshold(group, threshold, 0), "hailo_set_scheduler_threshold", hefPath);
        if (settings.SchedulerPriority is byte priority)
            HailoDevice.Check(HailoNative.SetSchedulerPriority(group, priority, 0), "hailo_set_scheduler_priority", hefPath);
    }

    // The count protocol: ask with no room, get INSUFFICIENT_BUFFER and the count, then ask again.
    private static int MakeParams(nint group, bool input, bool asFloat, uint timeoutMs, out HailoVstreamParamsByName* parameters)
    {
        string function = input ? "hailo_make_input_vstream_params" : "hailo_make_output_vstream_params";
        HailoFormatType type = asFloat ? HailoFormatType.Float32 : HailoFormatType.Auto;
        nuint count = 0;
        HailoStatus status = input
            ? HailoNative.MakeInputVstreamParams(group, false, type, null, ref count)
            : HailoNative.MakeOutputVstreamParams(group, false, type, null, ref count);
        if (status != HailoStatus.InsufficientBuffer && status != HailoStatus.Success)
            throw new HailoException(status, function);

        parameters = (HailoVstreamParamsByName*)NativeMemory.AllocZeroed(Math.Max(count, 1), (nuint)sizeof(HailoVstreamParamsByName));
        HailoDevice.Check(input
            ? HailoNative.MakeInputVstreamParams(group, false, type, parameters, ref count)
            : HailoNative.MakeOutputVstreamParams(group, false, type, parameters, ref count), function);
        for (nuint i = 0; i < count; i++)
            parameters[i].Params.TimeoutMs = timeoutMs;
        return (int)count;
    }

    private static string[] SortedOutputNames(nint hef, int outputCount)
    {
        nuint count = (nuint)outputCount;
        var names = new HailoLayerName[Math.Max(outputCount, 1)];
        fixed (HailoLayerName* p = names)
        {
            HailoDevice.Check(HailoNative.HefGetSortedOutputNames(hef, 0, p, ref count), "hailo_hef_get_sorted_output_names");
            var result = new string[(int)count];
            for (int i = 0; i < result.Length; i++)
                result[i] = HailoNative.ReadName(p[i].Name, 128);
            return result;
        }
    }

    private static string Names(HailoVstreamParamsByName* parameters, int count)
    {
        var names = new string[count];
        for (int i = 0; i < count; i++)
            names[i] = HailoNative.ReadName(parameters[i].Name, 128);
        return string.Join(", ", names);
    }

    private static uint TimeoutMs(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? uint.MaxValue : (uint)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 1, uint.MaxValue - 1);

    private HailoStreamInfo Describe(nint vstream, bool input, bool asFloat)
    {
        HailoVstreamInfo info;
        nuint frameBytes;
        if (input)
        {
            HailoDevice.Check(HailoNative.GetInputVstreamInfo(vstream, out info), "hailo_get_input_vstream_info", Name);
            HailoDevice.Check(HailoNative.GetInputVstreamFrameSize(vstream, out frameBytes), "hailo_get_input_vstream_frame_size", Name);
        }
        else
        {
            HailoDevice.Check(HailoNative.GetOutputVstreamInfo(vstream, out info), "hailo_get_output_vstream_info", Name);
            HailoDevice.Check(HailoNative.GetOutputVstreamFrameSize(vstream, out frameBytes), "hailo_get_output_vstream_frame_size", Name);
        }

        return new HailoStreamInfo(
            HailoNative.ReadName(info.Name, 128), (int)info.Shape.Height, (int)info.Shape.Width, (int)info.Shape.Features,
            asFloat ? HailoFormatType.Float32 : info.Format.Type, checked((int)frameBytes));
    }

    // Handles come back in no promised order: each is placed by its name in the HEF's sorted output order.
    private void CreateVstreams(string[] sortedOutputNames, HailoNetworkSettings? settings, HailoStreamInfo[]? infos)
    {
        nint inputVstream = 0;
        HailoDevice.Check(HailoNative.CreateInputVstreams(_networkGroup, _inputParams, 1, &inputVstream), "hailo_create_input_vstreams", Name);
        int count = _outputVstreams.Length;
        nint* created = stackalloc nint[count];
        HailoStatus status = HailoNative.CreateOutputVstreams(_networkGroup, _outputParams, (nuint)count, created);
        if (status != HailoStatus.Success)
        {
            _ = HailoNative.ReleaseInputVstreams(&inputVstream, 1);
            throw new HailoException(status, "hailo_create_output_vstreams", Name);
        }

        _inputVstream = inputVstream;
        for (int i = 0; i < count; i++)
        {
            HailoDevice.Check(HailoNative.GetOutputVstreamInfo(created[i], out HailoVstreamInfo info), "hailo_get_output_vstream_info", Name);
            string name = HailoNative.ReadName(info.Name, 128);
            int slot = Array.IndexOf(sortedOutputNames, name);
            if (slot < 0)
                slot = i;
            _outputVstreams[slot] = created[i];
            if (infos is not null)
                infos[slot] = Describe(created[i], input: false, settings!.FloatOutputs);
        }
    }

    private void RecreateVstreams(HailoException failure)
    {
        string[] order = new string[Outputs.Count];
        for (int i = 0; i < order.Length; i++)
            order[i] = Outputs[i].Name;
        ReleaseVstreams();
        try
        {
            CreateVstreams(order, settings: null, infos: null);
        }
        catch (HailoException ex)
        {
            Volatile.Write(ref _broken, $"{Name}: the vstreams could not be made again after {failure.Message}: {ex.Message}");
        }
    }

    private HailoException? FirstReadFailure()
    {
        for (int i = 0; i < _readers.Length; i++)
        {
            if (_readers[i].Status != HailoStatus.Success)
                return new HailoException(_readers[i].Status, "hailo_vstream_read_raw_buffer", $"{Name} output {Outputs[i].Name}");
        }

        return null;
    }

    private void ReleaseVstreams()
    {
        fixed (nint* outputs = _outputVstreams)
        {
            if (outputs[0] != 0)
                _ = HailoNative.ReleaseOutputVstreams(outputs, (nuint)_outputVstreams.Length);
        }

        Array.Clear(_outputVstreams);
        nint input = _inputVstream;
        if (input != 0)
            _ = HailoNative.ReleaseInputVstreams(&input, 1);
        _inputVstream = 0;
    }
}
