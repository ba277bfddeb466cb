using System;
using System.Collections.Generic;
using System.Threading;

namespace SametimeAdmin.Common
{
    /// <summary>
    /// What an edit of a stored thing (a configuration file, a Notes document in a DXL export, on Domino Access Services
    /// or through Notes COM) would do, worked out on a read of it without changing anything: the text a cmdlet gives to
    /// ShouldProcess, the changes, and the request that <see cref="IEditTarget{TRequest, TOutcome}.Apply"/> applies anew.
    /// </summary>
    public sealed class EditPlan<TRequest, TOutcome>
        where TOutcome : class
    {
        public EditPlan(TRequest request, string target, string action, IReadOnlyList<string> changes, TOutcome unchanged)
        {
            Request = request;
            Target = target ?? throw new ArgumentNullException(nameof(target));
            Action = action ?? throw new ArgumentNullException(nameof(action));
            Changes = changes ?? throw new ArgumentNullException(nameof(changes));
            Unchanged = unchanged ?? throw new ArgumentNullException(nameof(unchanged));
        }

        public TRequest Request { get; }

        /// <summary>What is changed, for ShouldProcess (a file path, a document's description).</summary>
        public string Target { get; }

        /// <summary>What is done to it, for ShouldProcess; empty when nothing needs to change.</summary>
        public string Action { get; }

        /// <summary>One line per change the read showed to be needed (empty: the stored thing already is as asked).</summary>
        public IReadOnlyList<string> Changes { get; }

        public bool HasChanges => Changes.Count > 0;

        /// <summary>The outcome to report when nothing needs to change (or when the edit is not applied).</summary>
        public TOutcome Unchanged { get; }
    }

    /// <summary>
    /// One stored thing that the module edits, always in the same way: <see cref="Plan"/> reads and works out the change
    /// (no side effect: no lock, no backup, no write); the caller asks ShouldProcess with the plan's text; <see cref="Apply"/>
    /// then takes the lock the store owns, reads again, applies the request to what it read (so a change made meanwhile
    /// by someone else is kept), writes atomically after a backup with a check that nothing changed since that read, and
    /// verifies what was stored.
    /// </summary>
    public interface IEditTarget<TRequest, TOutcome>
        where TOutcome : class
    {
        EditPlan<TRequest, TOutcome> Plan(TRequest request);

        /// <summary>Applies the plan's request to a fresh read; an outcome that says "unchanged" when the fresh read needs nothing.</summary>
        TOutcome Apply(EditPlan<TRequest, TOutcome> plan);
    }

    /// <summary>The steps every edit takes, whatever it is stored in.</summary>
    public static class EditProtocol
    {
        /// <summary>How often an edit is read and applied again when another writer keeps changing the stored thing under it.</summary>
        public const int ConflictAttempts = 5;

        /// <summary>
        /// Plan, ShouldProcess(target, action), apply. Returns the plan's unchanged outcome when nothing needs to change
        /// (nothing is asked), null when <paramref name="shouldProcess"/> declined (-WhatIf, a "no" at -Confirm).
        /// </summary>
        public static TOutcome? Run<TRequest, TOutcome>(IEditTarget<TRequest, TOutcome> target, TRequest request, Func<string, string, bool> shouldProcess)
            where TOutcome : class
        {
            _ = target ?? throw new ArgumentNullException(nameof(target));
            _ = shouldProcess ?? throw new ArgumentNullException(nameof(shouldProcess));
            EditPlan<TRequest, TOutcome> plan = target.Plan(request);
            if (!plan.HasChanges)
            {
                return plan.Unchanged;
            }

            return shouldProcess(plan.Target, plan.Action) ? target.Apply(plan) : null;
        }

        /// <summary>
        /// Runs <paramref name="attempt"/> (read, apply, write) under <paramref name="storeLock"/> (disposed at the end; null
        /// for stores whose server checks the revision itself), again on a fresh read when it fails with the store's
        /// conflict error (<paramref name="conflictErrorId"/>), up to <see cref="ConflictAttempts"/> times.
        /// </summary>
        public static TOutcome ApplyUnderLock<TOutcome>(IDisposable? storeLock, string conflictErrorId, Func<TOutcome> attempt)
        {
            _ = attempt ?? throw new ArgumentNullException(nameof(attempt));
            using (storeLock)
            {
                for (int n = 1; ; n++)
                {
                    try
                    {
                        return attempt();
                    }
                    catch (SametimeAdminException ex) when (ex.ErrorId == conflictErrorId && n < ConflictAttempts)
                    {
                        // A writer that does not take our lock (a server, Notes, an editor) saved meanwhile: read again and re-apply.
                        Thread.Sleep(50 * n);
                    }
                }
            }
        }
    }
}
