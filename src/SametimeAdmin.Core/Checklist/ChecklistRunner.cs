using System;
using System.Collections.Generic;
using System.Linq;

namespace SametimeAdmin.Checklist
{
    /// <summary>A group of checks (one checklist heading of the guide, or the cross-server checks).</summary>
    public interface IChecklistArea
    {
        string Name { get; }

        IEnumerable<CheckResult> Run(ChecklistContext context);
    }

    /// <summary>
    /// Runs the checklist areas in order and streams their results. A failure inside an area never stops the
    /// run: it becomes a failed result that says which area broke and why.
    /// </summary>
    public sealed class ChecklistRunner
    {
        private readonly IReadOnlyList<IChecklistArea> areas;

        public ChecklistRunner(IEnumerable<IChecklistArea>? areas = null)
        {
            this.areas = (areas ?? ChecklistAreas.All).ToList();
        }

        public IReadOnlyList<IChecklistArea> Areas => areas;

        public IEnumerable<CheckResult> Run(ChecklistContext context)
        {
            if (context == null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            foreach (var area in areas)
            {
                foreach (var result in RunArea(area, context))
                {
                    yield return result;
                }
            }
        }

        private static IEnumerable<CheckResult> RunArea(IChecklistArea area, ChecklistContext context)
        {
            IEnumerator<CheckResult>? enumerator = null;
            string? failure = null;
            try
            {
                enumerator = area.Run(context).GetEnumerator();
            }
#pragma warning disable CA1031 // One broken area must not hide the results of the others.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex.Message;
            }

            while (enumerator != null)
            {
                CheckResult? current = null;
                try
                {
                    if (!enumerator.MoveNext())
                    {
                        break;
                    }

                    current = enumerator.Current;
                }
#pragma warning disable CA1031 // As above: report, continue with the next area.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failure = ex.Message;
                    break;
                }

                yield return current;
            }

            enumerator?.Dispose();
            if (failure != null)
            {
                yield return new CheckResult("Checklist." + area.Name.Replace(" ", string.Empty), area.Name,
                    $"The checks of '{area.Name}' ran to the end", CheckStatus.Failed,
                    "The checks stopped early: " + failure,
                    "Fix the artefact named in the evidence (or remove it from the environment description) and run the checklist again.",
                    GuideSection.Checklist, ChecklistServer.All);
            }
        }
    }
}
