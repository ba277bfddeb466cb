using SametimeAdmin.Diagnostics;
using Xunit;

namespace SametimeAdmin.Tests.Diagnostics;

public class FanOutTests
{
    [Fact]
    public void NeverRunsMoreThanTheThrottleLimitAtOnce()
    {
        int running = 0;
        int peak = 0;
        var delivered = new List<string>();
        using var fanOut = new FanOut<string>(3, delivered.Add, (_, ex) => throw ex, (_, _) => { });
        for (int i = 0; i < 20; i++)
        {
            string target = "t" + i;
            fanOut.Add(target, async (post, cancel) =>
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(60, cancel);
                Interlocked.Decrement(ref running);
                post(target);
            });
        }

        fanOut.Drain(untilDone: true);
        Assert.Equal(3, peak);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "t" + i), delivered);
    }

    [Fact]
    public void DeliversInInputOrderWithEachTargetsResultsTogether()
    {
        var delivered = new List<string>();
        using var fanOut = new FanOut<string>(16, delivered.Add, (_, ex) => throw ex, (_, _) => { });
        for (int i = 0; i < 6; i++)
        {
            string target = "t" + i;
            int wait = (6 - i) * 40; // the first target is the slowest, the last the fastest
            fanOut.Add(target, async (post, cancel) =>
            {
                post(target + ".1");
                await Task.Delay(wait, cancel);
                post(target + ".2");
            });
        }

        fanOut.Drain(untilDone: true);
        Assert.Equal(Enumerable.Range(0, 6).SelectMany(i => new[] { $"t{i}.1", $"t{i}.2" }), delivered);
    }

    [Fact]
    public void StreamsTheFirstTargetsResultsBeforeItEnds()
    {
        var delivered = new List<string>();
        var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var fanOut = new FanOut<string>(4, delivered.Add, (_, ex) => throw ex, (_, _) => { });
        fanOut.Add("head", async (post, cancel) =>
        {
            post("head.1");
            await release.Task;
            post("head.2");
        });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (delivered.Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            fanOut.Drain(untilDone: false);
            Thread.Sleep(10);
        }

        Assert.Equal(new[] { "head.1" }, delivered);
        release.SetResult(true);
        fanOut.Drain(untilDone: true);
        Assert.Equal(new[] { "head.1", "head.2" }, delivered);
    }

    [Fact]
    public void ReportsAFailureInItsPlaceAfterTheResultsItPosted()
    {
        var events = new List<string>();
        using var fanOut = new FanOut<string>(8, r => events.Add(r), (target, ex) => events.Add($"{target} failed: {ex.Message}"), (_, _) => { });
        fanOut.Add("a", async (post, cancel) =>
        {
            post("a.1");
            await Task.Delay(80, cancel);
            throw new InvalidOperationException("broken");
        });
        fanOut.Add("b", (post, cancel) =>
        {
            post("b.1");
            return Task.CompletedTask;
        });

        fanOut.Drain(untilDone: true);
        Assert.Equal(new[] { "a.1", "a failed: broken", "b.1" }, events);
    }

    [Fact]
    public void HoldsAtMostFourTimesTheLimitBehindASlowFirstTarget()
    {
        // The first target waits for a timer while the others finish at once: with a limit of 2 the fan-out holds at most
        // 8 targets (running, or done and waiting behind the first), so Add waits instead of starting the ninth.
        int started = 0;
        int delivered = 0;
        int mostHeld = 0;
        var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var fanOut = new FanOut<int>(2, _ => Interlocked.Increment(ref delivered), (_, ex) => throw ex, (_, _) => { });
        Assert.Equal(8, fanOut.HeldLimit);
        using var timer = new Timer(_ => release.TrySetResult(true), null, 400, Timeout.Infinite);
        for (int i = 0; i < 30; i++)
        {
            int index = i;
            fanOut.Add("t" + i, async (post, cancel) =>
            {
                int now = Interlocked.Increment(ref started) - Volatile.Read(ref delivered);
                InterlockedMax(ref mostHeld, now);
                if (index == 0)
                {
                    await release.Task;
                }

                post(index);
            });
        }

        fanOut.Drain(untilDone: true);
        Assert.Equal(30, delivered);
        Assert.True(mostHeld <= 8, $"{mostHeld} targets were held at once");
    }

    [Fact]
    public void ReportsProgressAsTargetsAreDelivered()
    {
        var reports = new List<(int Finished, int Started)>();
        using var fanOut = new FanOut<int>(4, _ => { }, (_, ex) => throw ex, (f, s) => reports.Add((f, s)));
        for (int i = 0; i < 3; i++)
        {
            fanOut.Add("t" + i, (post, cancel) => Task.CompletedTask);
        }

        fanOut.Drain(untilDone: true);
        Assert.Contains((3, 3), reports);
        Assert.Equal(3, fanOut.Finished);
    }

    [Fact]
    public async Task CancelEndsTheWaitAndTheWork()
    {
        var workCancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var fanOut = new FanOut<int>(4, _ => { }, (_, _) => { }, (_, _) => { });
        fanOut.Add("silent", async (post, cancel) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancel);
            }
            finally
            {
                workCancelled.TrySetResult(cancel.IsCancellationRequested);
            }
        });

        using var timer = new Timer(_ => fanOut.Cancel(), null, 100, Timeout.Infinite);
        Assert.ThrowsAny<OperationCanceledException>(() => fanOut.Drain(untilDone: true));
        Assert.True(await workCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void RefusesALimitBelowOne()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FanOut<int>(0, _ => { }, (_, _) => { }, (_, _) => { }));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (int seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
