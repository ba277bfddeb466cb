using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// Runs work items off the pipeline thread (bounded parallelism) and hands their outcomes back to it.
    /// Nothing here writes to PowerShell: the cmdlet drains <see cref="TryTake"/> on its own thread, so every
    /// Write* and ShouldProcess call stays on the pipeline thread.
    /// </summary>
    internal sealed class ConcurrentWork<T> : IDisposable
    {
        private readonly BlockingCollection<Outcome> outcomes = new BlockingCollection<Outcome>();
        private readonly CancellationTokenSource cancel = new CancellationTokenSource();
        private readonly SemaphoreSlim slots;
        private int started;
        private int finished;

        public ConcurrentWork(int parallelism)
        {
            slots = new SemaphoreSlim(parallelism, parallelism);
        }

        public CancellationToken Token => cancel.Token;

        public int Started => Volatile.Read(ref started);

        public int Finished => Volatile.Read(ref finished);

        public bool AllDone => Finished == Started;

        /// <summary>Queues one item; <paramref name="work"/> may post partial results with <see cref="Post"/>.</summary>
        public void Start(string target, Func<CancellationToken, Task> work)
        {
            Interlocked.Increment(ref started);
            _ = Task.Run(async () =>
            {
                Exception? failure = null;
                try
                {
                    await slots.WaitAsync(cancel.Token).ConfigureAwait(false);
                    try
                    {
                        await work(cancel.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }
                catch (Exception ex)
                {
                    failure = ex;
                }

                Interlocked.Increment(ref finished);
                outcomes.Add(new Outcome(target, default, true, failure));
            });
        }

        /// <summary>Hands a result to the pipeline thread (called from a work item).</summary>
        public void Post(string target, T result) => outcomes.Add(new Outcome(target, result, false, null));

        /// <summary>The next outcome, waiting at most <paramref name="millisecondsTimeout"/> (0: do not wait).</summary>
        public bool TryTake(out Outcome outcome, int millisecondsTimeout)
        {
            try
            {
                return outcomes.TryTake(out outcome, millisecondsTimeout, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        public void Cancel() => cancel.Cancel();

        public void Dispose()
        {
            cancel.Cancel();
            // Work items still running see the cancellation and end; their late outcomes are not read.
        }

        /// <summary>A result of a work item, or its end (with the exception that ended it, if any).</summary>
        internal readonly struct Outcome
        {
            public Outcome(string target, T? result, bool isEnd, Exception? failure)
            {
                Target = target;
                Result = result;
                IsEnd = isEnd;
                Failure = failure;
            }

            public string Target { get; }

            public T? Result { get; }

            public bool IsEnd { get; }

            public Exception? Failure { get; }
        }
    }

    /// <summary>
    /// Reads the outcomes of a <see cref="ConcurrentWork{T}"/> on the pipeline thread and writes them grouped by
    /// target: the results of one target come out together, the first target to answer streams live, the others
    /// wait in a buffer until it is done (so format views grouped by computer or URL stay readable).
    /// </summary>
    internal sealed class GroupedOutput<T>
    {
        private readonly ConcurrentWork<T> work;
        private readonly Action<T> write;
        private readonly Action<string, Exception> fail;
        private readonly Action<int, int> progress;
        private readonly Dictionary<string, Lane> lanes = new Dictionary<string, Lane>(StringComparer.OrdinalIgnoreCase);
        private readonly Stopwatch sinceProgress = Stopwatch.StartNew();
        private string? head;
        private int ended;

        public GroupedOutput(ConcurrentWork<T> work, Action<T> write, Action<string, Exception> fail, Action<int, int> progress)
        {
            this.work = work;
            this.write = write;
            this.fail = fail;
            this.progress = progress;
        }

        /// <summary>Writes what has arrived; with <paramref name="untilDone"/> waits until every item has ended.</summary>
        public void Drain(bool untilDone)
        {
            while (!untilDone || ended < work.Started)
            {
                if (!work.TryTake(out var outcome, untilDone ? 250 : 0))
                {
                    if (!untilDone)
                    {
                        return;
                    }

                    ReportProgress(force: false);
                    continue;
                }

                Accept(outcome);
            }
        }

        private void Accept(ConcurrentWork<T>.Outcome outcome)
        {
            if (!lanes.TryGetValue(outcome.Target, out var lane))
            {
                lane = new Lane();
                lanes[outcome.Target] = lane;
            }

            if (!outcome.IsEnd)
            {
                head ??= outcome.Target;
                if (string.Equals(head, outcome.Target, StringComparison.OrdinalIgnoreCase))
                {
                    write(outcome.Result!);
                }
                else
                {
                    lane.Buffer.Add(outcome.Result!);
                }

                return;
            }

            lane.Done = true;
            ended++;
            if (outcome.Failure != null)
            {
                fail(outcome.Target, outcome.Failure);
            }

            if (head == null || string.Equals(head, outcome.Target, StringComparison.OrdinalIgnoreCase))
            {
                Flush(outcome.Target);
                head = null;
                PickNextHead();
            }

            ReportProgress(force: true);
        }

        private void PickNextHead()
        {
            foreach (var done in lanes.Where(l => l.Value.Done).Select(l => l.Key).ToList())
            {
                Flush(done);
            }

            var next = lanes.OrderByDescending(l => l.Value.Buffer.Count).FirstOrDefault();
            if (next.Key != null)
            {
                head = next.Key;
                foreach (var result in next.Value.Buffer)
                {
                    write(result);
                }

                next.Value.Buffer.Clear();
            }
        }

        private void Flush(string target)
        {
            if (lanes.TryGetValue(target, out var lane))
            {
                foreach (var result in lane.Buffer)
                {
                    write(result);
                }

                lanes.Remove(target);
            }
        }

        private void ReportProgress(bool force)
        {
            if (force || sinceProgress.ElapsedMilliseconds >= 500)
            {
                progress(work.Finished, work.Started);
                sinceProgress.Restart();
            }
        }

        private sealed class Lane
        {
            public List<T> Buffer { get; } = new List<T>();

            public bool Done { get; set; }
        }
    }
}
