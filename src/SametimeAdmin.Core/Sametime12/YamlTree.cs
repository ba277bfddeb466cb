using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SametimeAdmin.Common;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SametimeAdmin.Sametime12
{
    /// <summary>
    /// YAML read with YamlDotNet into plain values: maps are <see cref="YamlMap"/> (keys in file order), sequences are
    /// lists, scalars are strings (null for "~", "null" and empty plain scalars). Merging follows Helm's rules for
    /// several -f files: later files win, maps merge key by key at every depth, anything else (lists included) is replaced.
    /// </summary>
    internal static class YamlTree
    {
        /// <summary>Reads the first document of a YAML file; an empty file is an empty map.</summary>
        public static object? Load(string path, string kind)
        {
            byte[]? bytes = AtomicFile.ReadIfExists(path);
            if (bytes == null)
            {
                throw new SametimeAdminException("Sametime12FileNotFound", FailureKind.ObjectNotFound, $"The {kind} '{path}' does not exist.");
            }

            return Parse(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'), path, kind);
        }

        public static object? Parse(string text, string path, string kind)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException ex)
            {
                throw new SametimeAdminException("InvalidYaml", FailureKind.InvalidData,
                    $"The {kind} '{path}' is not valid YAML (line {ex.Start.Line}, column {ex.Start.Column}): {ex.Message}", ex);
            }

            return stream.Documents.Count == 0 ? new YamlMap() : Convert(stream.Documents[0].RootNode);
        }

        /// <summary>Helm's merge of values files: <paramref name="over"/> wins; maps merge deeply; lists and scalars are replaced.</summary>
        public static object? Merge(object? under, object? over)
        {
            if (under is YamlMap a && over is YamlMap b)
            {
                var merged = new YamlMap();
                foreach (KeyValuePair<string, object?> pair in a)
                {
                    merged[pair.Key] = pair.Value;
                }

                foreach (KeyValuePair<string, object?> pair in b)
                {
                    merged[pair.Key] = merged.TryGetValue(pair.Key, out object? existing) ? Merge(existing, pair.Value) : pair.Value;
                }

                return merged;
            }

            return over;
        }

        /// <summary>The value at a path of map keys, or null (and false) when any step is missing.</summary>
        public static bool TryGet(object? root, IEnumerable<string> path, out object? value)
        {
            value = root;
            foreach (string key in path)
            {
                if (!(value is YamlMap map) || !map.TryGetValue(key, out value))
                {
                    value = null;
                    return false;
                }
            }

            return true;
        }

        /// <summary>A scalar as text; lists become comma-separated text; maps are null.</summary>
        public static string? AsText(object? value) => value switch
        {
            string s => s,
            IList<object?> list => string.Join(",", list.Select(AsText).Where(s => s != null)),
            _ => null,
        };

        private static object? Convert(YamlNode node)
        {
            switch (node)
            {
                case YamlMappingNode mapping:
                    var map = new YamlMap();
                    foreach (KeyValuePair<YamlNode, YamlNode> child in mapping.Children)
                    {
                        string key = child.Key is YamlScalarNode scalarKey ? scalarKey.Value ?? string.Empty : child.Key.ToString();
                        if (key == "<<" && Convert(child.Value) is YamlMap anchorMerge)
                        {
                            // A YAML merge key ("<<: *defaults", common in compose files): its keys apply unless set here.
                            foreach (KeyValuePair<string, object?> inherited in anchorMerge)
                            {
                                if (!map.ContainsKey(inherited.Key))
                                {
                                    map[inherited.Key] = inherited.Value;
                                }
                            }

                            continue;
                        }

                        map[key] = Convert(child.Value);
                    }

                    return map;
                case YamlSequenceNode sequence:
                    return sequence.Children.Select(Convert).ToList();
                case YamlScalarNode scalar:
                    bool plainNull = scalar.Style == ScalarStyle.Plain &&
                        (scalar.Value == null || scalar.Value.Length == 0 || scalar.Value == "~" || scalar.Value == "null" || scalar.Value == "Null" || scalar.Value == "NULL");
                    return plainNull ? null : scalar.Value;
                default:
                    return null;
            }
        }
    }

    /// <summary>A YAML map with its keys in file order.</summary>
    internal sealed class YamlMap : IEnumerable<KeyValuePair<string, object?>>
    {
        private readonly List<string> order = new List<string>();
        private readonly Dictionary<string, object?> values = new Dictionary<string, object?>(StringComparer.Ordinal);

        public int Count => order.Count;

        public object? this[string key]
        {
            get => values[key];
            set
            {
                if (!values.ContainsKey(key))
                {
                    order.Add(key);
                }

                values[key] = value;
            }
        }

        public bool ContainsKey(string key) => values.ContainsKey(key);

        public bool TryGetValue(string key, out object? value) => values.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
            order.Select(k => new KeyValuePair<string, object?>(k, values[k])).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
