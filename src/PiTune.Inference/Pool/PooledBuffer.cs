namespace PiTune.Inference.Pool;

/// <summary>
/// A block of native memory (64-byte aligned, so ONNX Runtime can use it in place) owned by a
/// <see cref="BufferPool"/>. Valid from rent to return; never touched after it is returned.
/// </summary>
internal sealed unsafe class PooledBuffer
{
    internal PooledBuffer(int sizeClass, long capacity)
    {
        SizeClass = sizeClass;
        Capacity = capacity;
        Pointer = (nint)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)capacity, 64);
        LruNode = new LinkedListNode<PooledBuffer>(this);
        ClassNode = new LinkedListNode<PooledBuffer>(this);
    }

    public nint Pointer { get; private set; }

    public long Capacity { get; }

    /// <summary>The bytes asked for at rent (at most <see cref="Capacity"/>).</summary>
    public long Length { get; internal set; }

    public bool IsRented { get; internal set; }

    public Span<byte> Bytes => new((void*)Pointer, checked((int)Length));

    public Span<float> Floats => new((void*)Pointer, checked((int)(Length / sizeof(float))));

    internal int SizeClass { get; }

    internal LinkedListNode<PooledBuffer> LruNode { get; }

    internal LinkedListNode<PooledBuffer> ClassNode { get; }

    internal void Free()
    {
        System.Runtime.InteropServices.NativeMemory.AlignedFree((void*)Pointer);
        Pointer = 0;
    }
}
