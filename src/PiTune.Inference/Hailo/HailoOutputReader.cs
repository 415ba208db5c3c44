using PiTune.Inference.Hailo.Interop;

namespace PiTune.Inference.Hailo;

/// <summary>
/// One output's long-lived reader thread. The library's examples read each output on its own thread while the
/// frames are written: a writer that wrote a whole batch before reading would fill the queue (queue_size frames)
/// and time out.
/// </summary>
internal sealed class HailoOutputReader : IDisposable
{
    private readonly HailoNetwork _network;
    private readonly bool _countsFrames;
    private readonly nuint _frameBytes;
    private readonly CountdownEvent _done;
    private readonly SemaphoreSlim _go = new(0, 1);
    private readonly Thread _thread;
    private nint _vstream;
    private nint _buffer;
    private int _frames;
    private volatile bool _stopping;

    public HailoOutputReader(HailoNetwork network, int index, int frameBytes, CountdownEvent done, string threadName)
    {
        _network = network;
        _countsFrames = index == 0;
        _frameBytes = (nuint)frameBytes;
        _done = done;
        _thread = new Thread(Loop) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    /// <summary>The last run's outcome; read after the run's countdown has reached zero.</summary>
    public HailoStatus Status { get; private set; }

    /// <summary>Reads <paramref name="frames"/> frames into <paramref name="buffer"/>, then signals the countdown.</summary>
    public void Start(nint vstream, nint buffer, int frames)
    {
        _vstream = vstream;
        _buffer = buffer;
        _frames = frames;
        _go.Release(); // a full fence: the thread sees the fields above
    }

    public void Dispose()
    {
        _stopping = true;
        _go.Release();
        _thread.Join();
        _go.Dispose();
    }

    private void Loop()
    {
        while (true)
        {
            _go.Wait();
            if (_stopping)
                return;

            HailoStatus status = HailoStatus.Success;
            for (int i = 0; i < _frames && i < _network.ReadLimit; i++)
            {
                status = HailoNative.VstreamReadRawBuffer(_vstream, _buffer + (nint)((nuint)i * _frameBytes), _frameBytes);
                if (status != HailoStatus.Success)
                    break;
                if (_countsFrames)
                    _network.FrameRead();
            }

            Status = status;
            _done.Signal();
        }
    }
}
