using System.Globalization;

namespace SametimeAdmin.Diagnostics
{
    /// <summary>One user's status as a presence answer gives it.</summary>
    internal sealed class PresenceEntry
    {
        public PresenceEntry(string? id, bool idIsExplicit, int code, string? message)
        {
            Id = id;
            IdIsExplicit = idIsExplicit;
            Code = code;
            Message = message;
        }

        /// <summary>The user the entry names: an id field of the object, or the property name of a per-user map.</summary>
        public string? Id { get; }

        /// <summary>True when <see cref="Id"/> comes from an id field, not only from the key the object sits under.</summary>
        public bool IdIsExplicit { get; }

        public int Code { get; }

        public string? Message { get; }

        /// <summary>"away (2)", with the status message when there is one.</summary>
        public string Describe() =>
            PresenceAnswer.StatusName(Code) + " (" + Code.ToString(CultureInfo.InvariantCulture) + ")" +
            (string.IsNullOrWhiteSpace(Message) ? string.Empty : " \"" + SametimeWebAnswer.Shorten(Message!, 80) + "\"");
    }
}
