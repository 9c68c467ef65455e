using CaseTracker.Server.Hosting;

namespace CaseTracker.Tests.Hosting;

/// <summary>The pool Kestrel's buffers come from: blocks of 64 KiB, reused, each lent to one holder at a time.</summary>
public sealed class LargeBlockMemoryPoolTests
{
    [Fact]
    public void Rent_WhateverSizeIsAskedFor_Lends64KiB()
    {
        using var pool = new LargeBlockMemoryPool();

        using var small = pool.Rent(100);
        using var any = pool.Rent();

        Assert.Equal(64 * 1024, small.Memory.Length);
        Assert.Equal(64 * 1024, any.Memory.Length);
    }

    [Fact]
    public void Rent_OfMoreThanABlock_IsRefused()
    {
        using var pool = new LargeBlockMemoryPool();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(64 * 1024 + 1));
    }

    [Fact]
    public void ABlockGivenBack_IsLentAgain()
    {
        using var pool = new LargeBlockMemoryPool();
        var first = pool.Rent();
        var bytes = first.Memory;
        first.Dispose();

        using var second = pool.Rent();

        Assert.True(second.Memory.Span == bytes.Span);
    }

    [Fact]
    public void ABlockGivenBackTwice_IsStillLentToOneHolderAtATime()
    {
        using var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        block.Dispose();
        block.Dispose();

        using var one = pool.Rent();
        using var other = pool.Rent();

        Assert.False(one.Memory.Span == other.Memory.Span);
    }

    [Fact]
    public void ADisposedPool_LendsNothing()
    {
        var pool = new LargeBlockMemoryPool();
        pool.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
    }
}
