using System.Runtime.InteropServices;

namespace PiTune.Inference.Tests.Hailo;

/// <summary>Native memory for Run's input and outputs, typed as a span for the test.</summary>
internal sealed unsafe class NativeBuffer<T> : IDisposable
    where T : unmanaged
{
    public NativeBuffer(int count)
    {
        Count = count;
        Pointer = (nint)NativeMemory.AllocZeroed((nuint)count, (nuint)sizeof(T));
    }

    public nint Pointer { get; }

    public int Count { get; }

    public Span<T> Span => new((void*)Pointer, Count);

    public void Dispose() => NativeMemory.Free((void*)Pointer);
}
