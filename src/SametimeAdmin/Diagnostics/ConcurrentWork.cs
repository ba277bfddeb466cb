using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SametimeAdmin.Diagnostics;

namespace SametimeAdmin.Commands
{
    /// <summary>
    /// The pipeline side of a <see cref="FanOut{T}"/>: results, failures and progress are written in input order on the
    /// pipeline thread, and a stopped pipeline (Ctrl+C) ends the wait as PowerShell expects.
    /// </summary>
    internal sealed class ConcurrentWork<T> : IDisposable
    {
        /// <summary>The default of -ThrottleLimit: targets that wait on the network cost a socket each, not a thread.</summary>
        public const int DefaultThrottleLimit = 256;

        private readonly FanOut<T> fanOut;

        /// <param name="progress">Writes the progress record for (finished, started).</param>
        public ConcurrentWork(int throttleLimit, Action<T> write, Action<string, Exception> fail, Action<int, int> progress)
        {
            fanOut = new FanOut<T>(throttleLimit, write, fail, progress);
        }

        public int Started => fanOut.Started;

        /// <summary>Starts one target's work (waiting, and writing what is ready, while ThrottleLimit targets run).</summary>
        public void Start(string target, Func<Action<T>, CancellationToken, Task> work) => Stoppable(() => fanOut.Add(target, work));

        /// <summary>Writes what is ready; with <paramref name="untilDone"/> waits for every target's results.</summary>
        public void Drain(bool untilDone) => Stoppable(() => fanOut.Drain(untilDone));

        public void Cancel() => fanOut.Cancel();

        public void Dispose() => fanOut.Dispose();

        private void Stoppable(Action action)
        {
            try
            {
                action();
            }
            catch (OperationCanceledException) when (fanOut.Token.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
