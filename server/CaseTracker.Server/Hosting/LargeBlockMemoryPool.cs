using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Connections;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// Kestrel's buffers in blocks of 64 KiB instead of its own pool's 4 KiB. Kestrel receives from a socket into one
/// block at a time: with 4 KiB blocks a 50 MiB upload took 12,800 receive calls, and as many block rents, pipe
/// segments and copies between pipes, and cost 29% more CPU than with 64 KiB blocks (README, "Documents").
/// </summary>
public sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}

/// <summary>
/// A pool of pinned 64 KiB blocks (see <see cref="LargeBlockMemoryPoolFactory"/>), kept for reuse. A minute in
/// which nothing was rented lets the free blocks go, so the pool shrinks back after a burst of uploads. What all
/// pools hold is the metric <c>casetracker.transport.pool_size</c>.
/// </summary>
public sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockBytes = 64 * 1024;

    private static readonly TimeSpan IdleFor = TimeSpan.FromMinutes(1);

    private static readonly Meter Meter = new(TelemetryExtensions.Prefix + "Transport");

    private static long _heldBytes;

    private readonly ConcurrentQueue<Block> _free = new();
    private readonly Timer _trim;
    private long _rentsSinceTrim;
    private volatile bool _disposed;

    static LargeBlockMemoryPool() => Meter.CreateObservableUpDownCounter(
        "casetracker.transport.pool_size", () => Interlocked.Read(ref _heldBytes), "By", "Bytes of buffer blocks Kestrel's pools hold, lent out or free.");

    public LargeBlockMemoryPool()
    {
        _trim = new Timer(_ => Trim(), null, IdleFor, IdleFor);
    }

    public override int MaxBufferSize => BlockBytes;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockBytes);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Interlocked.Increment(ref _rentsSinceTrim);
        if (!_free.TryDequeue(out var block))
        {
            block = new Block(this);
            Interlocked.Add(ref _heldBytes, BlockBytes);
        }
        return block.Lend();
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _trim.Dispose();
        LetFreeBlocksGo();
    }

    private void Trim()
    {
        if (Interlocked.Exchange(ref _rentsSinceTrim, 0) == 0)
        {
            LetFreeBlocksGo();
        }
    }

    private void LetFreeBlocksGo()
    {
        while (_free.TryDequeue(out _))
        {
            Interlocked.Add(ref _heldBytes, -BlockBytes);
        }
    }

    private void Return(Block block)
    {
        if (_disposed)
        {
            Interlocked.Add(ref _heldBytes, -BlockBytes);
            return;
        }
        _free.Enqueue(block);
    }

    private sealed class Block(LargeBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _bytes = GC.AllocateUninitializedArray<byte>(BlockBytes, pinned: true);
        private int _lent;

        public Memory<byte> Memory => _bytes;

        public Block Lend()
        {
            _lent = 1;
            return this;
        }

        /// <summary>Gives the block back, once: a second Dispose of the same lending must not pool it twice.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _lent, 0) == 1)
            {
                pool.Return(this);
            }
        }
    }
}
