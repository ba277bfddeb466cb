using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SametimeAdmin.Domino
{
    /// <summary>The value kinds of a Notes item. Kinds the tool does not edit (rich text, objects, raw data) are Opaque.</summary>
    public enum NotesItemType
    {
        Text,
        TextList,
        Number,
        NumberList,
        DateTime,
        DateTimeList,
        Opaque,
    }

    /// <summary>Item flags as DXL and the Notes APIs expose them.</summary>
    [Flags]
    public enum NotesItemAttributes
    {
        None = 0,
        Summary = 1,
        Names = 2,
        Readers = 4,
        Authors = 8,
        Sign = 16,

        /// <summary>The item is marked for encryption (DXL seal='true'); its value is readable in this copy.</summary>
        Seal = 32,

        /// <summary>The item's data is still encrypted (DXL sealed='true'); its value cannot be read from this copy.</summary>
        Sealed = 64,
        Protected = 128,
        Placeholder = 256,
    }

    /// <summary>
    /// One item (field) of a Notes document. Values are kept in their text form (numbers in invariant culture,
    /// date-times as DXL writes them); opaque kinds keep no values and are never rewritten.
    /// </summary>
    public sealed class NotesItem
    {
        public NotesItem(string name, NotesItemType type, IEnumerable<string> values, NotesItemAttributes attributes = NotesItemAttributes.None, string? opaqueKind = null)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Type = type;
            Values = (values ?? throw new ArgumentNullException(nameof(values))).ToArray();
            Attributes = attributes;
            OpaqueKind = opaqueKind;
        }

        public string Name { get; }

        public NotesItemType Type { get; }

        public IReadOnlyList<string> Values { get; }

        public NotesItemAttributes Attributes { get; }

        /// <summary>For opaque items, what the item holds (for example "rawitemdata" or "richtext").</summary>
        public string? OpaqueKind { get; }

        /// <summary>The data is encrypted in this copy and cannot be read.</summary>
        public bool IsSealed => (Attributes & NotesItemAttributes.Sealed) != 0;

        public bool IsList => Type == NotesItemType.TextList || Type == NotesItemType.NumberList || Type == NotesItemType.DateTimeList;

        public bool IsNumeric => Type == NotesItemType.Number || Type == NotesItemType.NumberList;

        /// <summary>The first value, or null when the item holds none.</summary>
        public string? FirstValue => Values.Count > 0 ? Values[0] : null;

        /// <summary>The first value as a number, or null when it is missing or not numeric.</summary>
        public double? FirstNumber =>
            FirstValue != null && double.TryParse(FirstValue, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? number : (double?)null;

        /// <summary>True when <paramref name="change"/> would leave this item's value as it is.</summary>
        public bool HasSameValue(NotesItemChange change)
        {
            if (change == null)
            {
                throw new ArgumentNullException(nameof(change));
            }

            if (Type == NotesItemType.Opaque || IsSealed || IsNumeric != change.IsNumeric || IsList != change.IsList || Values.Count != change.Values.Count)
            {
                return false;
            }

            for (int i = 0; i < Values.Count; i++)
            {
                bool same = IsNumeric
                    ? double.TryParse(Values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
                      && double.TryParse(change.Values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double b)
                      && a.Equals(b)
                    : string.Equals(Values[i], change.Values[i], StringComparison.Ordinal);
                if (!same)
                {
                    return false;
                }
            }

            return true;
        }

        public override string ToString() => Name + " (" + Type + ")";
    }

    /// <summary>A value to write into one item; the store creates the item when it does not exist.</summary>
    public sealed class NotesItemChange
    {
        private NotesItemChange(string name, NotesItemType type, IEnumerable<string> values, NotesItemAttributes attributes, bool isSecret)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("An item name is required.", nameof(name));
            }

            Name = name;
            Type = type;
            Values = values.ToArray();
            Attributes = attributes;
            IsSecret = isSecret;
        }

        public string Name { get; }

        public NotesItemType Type { get; }

        public IReadOnlyList<string> Values { get; }

        /// <summary>Flags for an item the store creates; an existing item keeps its own flags.</summary>
        public NotesItemAttributes Attributes { get; }

        /// <summary>The value is key material: never show it, back up with care.</summary>
        public bool IsSecret { get; }

        public bool IsList => Type == NotesItemType.TextList || Type == NotesItemType.NumberList;

        public bool IsNumeric => Type == NotesItemType.Number || Type == NotesItemType.NumberList;

        public static NotesItemChange Text(string name, string value, NotesItemAttributes attributes = NotesItemAttributes.None, bool isSecret = false) =>
            new NotesItemChange(name, NotesItemType.Text, new[] { value ?? throw new ArgumentNullException(nameof(value)) }, attributes, isSecret);

        public static NotesItemChange TextList(string name, IEnumerable<string> values, NotesItemAttributes attributes = NotesItemAttributes.None) =>
            new NotesItemChange(name, NotesItemType.TextList, values ?? throw new ArgumentNullException(nameof(values)), attributes, false);

        public static NotesItemChange Number(string name, double value, NotesItemAttributes attributes = NotesItemAttributes.None) =>
            new NotesItemChange(name, NotesItemType.Number, new[] { FormatNumber(value) }, attributes, false);

        /// <summary>Invariant, round-trippable, and without a fraction for whole numbers ("120", not "120.0").</summary>
        public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>What the change does, safe to show: secret values are replaced by a placeholder.</summary>
        public string Describe() =>
            IsSecret ? Name + " = (key material)" : Name + " = " + string.Join("; ", Values);

        public override string ToString() => Describe();
    }
}
