using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SametimeAdmin.MustGather
{
    public sealed partial class Redactor
    {
        // "key: value" of a YAML line (optionally a list item), for files the parser refuses.
        private static readonly Regex YamlLine = new Regex(
            @"^(?<head>[ \t]*(?:-[ \t]+)?(?<q>[""']?)(?<key>[^\s:#""'\-][^:#\r\n""']*)\k<q>[ \t]*:[ \t]+)(?<value>[^\r\n]*?)(?<tail>[ \t]+#[^\r\n]*)?$", RegexOptions.CultureInvariant);

        /// <summary>
        /// YAML by its structure: a scalar under a secret-named key, every scalar below a secret-named key (a map of
        /// passwords), the data and stringData of a Kubernetes Secret, and the value of an env entry whose name is secret
        /// ("- name: LTPA_KEYS_PASSWORD" / "value: ..."). Only the scalars' text changes; the rest stays byte for byte.
        /// A file YamlDotNet cannot parse gets the key: value line rule instead.
        /// </summary>
        private string RedactYaml(string text, RedactionLog log)
        {
            var hits = new List<(YamlScalarNode Node, SecretClass Class, string Name)>();
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(text));
                foreach (YamlDocument document in stream.Documents)
                {
                    CollectYaml(document.RootNode, null, SecretClass.None, hits);
                }
            }
            catch (Exception ex) when (ex is YamlException || ex is InvalidOperationException || ex is ArgumentException)
            {
                log.Method = "YAML key: value lines (the file did not parse) + line rules";
                return RedactYamlLines(text, log);
            }

            // Positions from line and column: YamlDotNet's character index counts a CRLF as one character.
            var lineStarts = new List<int> { 0 };
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                {
                    lineStarts.Add(i + 1);
                }
            }

            int Offset(Mark mark) => Math.Min(text.Length, (int)mark.Line - 1 < lineStarts.Count ? lineStarts[(int)mark.Line - 1] + (int)mark.Column - 1 : text.Length);

            var sb = new StringBuilder(text);
            var pending = new RedactionLog();
            foreach (var hit in hits.OrderByDescending(h => Offset(h.Node.Start)))
            {
                int start = Offset(hit.Node.Start);
                int end = Math.Max(start, Offset(hit.Node.End));
                string original = text.Substring(start, end - start);
                string trailing = original.Substring(original.TrimEnd(' ', '\t', '\r', '\n').Length);
                string marker = Secret(hit.Class, hit.Name, hit.Node.Value ?? string.Empty, pending);
                sb.Remove(start, end - start).Insert(start, "\"" + marker + "\"" + trailing);
            }

            // A position that did not match leaves the value in place: then the line rule does the whole file.
            string result = sb.ToString();
            if (hits.Any(h => (h.Node.Value ?? string.Empty).Split('\n').Any(part => part.Trim().Length >= 4 && result.IndexOf(part.Trim(), StringComparison.Ordinal) >= 0)))
            {
                log.Method = "YAML key: value lines (parsed positions did not match) + line rules";
                return RedactYamlLines(text, log);
            }

            foreach (var hit in hits)
            {
                _ = Secret(hit.Class, hit.Name, hit.Node.Value ?? string.Empty, log);
            }

            text = result;
            log.Method = "YAML parsed (secret keys, Secret data, env name/value pairs) + line rules";
            return text;
        }

        private static void CollectYaml(YamlNode node, string? key, SecretClass inherited, List<(YamlScalarNode Node, SecretClass Class, string Name)> hits)
        {
            switch (node)
            {
                case YamlScalarNode scalar:
                    SecretClass own = key == null ? SecretClass.None : SecretNames.Classify(key);
                    SecretClass secretClass = own != SecretClass.None ? own : inherited;
                    string value = scalar.Value ?? string.Empty;
                    if (secretClass != SecretClass.None && value.Trim().Length > 0 && !IsMarker(value) && scalar.Start.Index < scalar.End.Index)
                    {
                        hits.Add((scalar, secretClass, key ?? "value"));
                    }

                    break;
                case YamlSequenceNode sequence:
                    foreach (YamlNode child in sequence.Children)
                    {
                        CollectYaml(child, key, inherited, hits);
                    }

                    break;
                case YamlMappingNode map:
                    bool kubernetesSecret = map.Children.Any(p => Scalar(p.Key) == "kind" && Scalar(p.Value) == "Secret");
                    string? envName = Scalar(map.Children.FirstOrDefault(p => Scalar(p.Key) == "name").Value);
                    foreach (KeyValuePair<YamlNode, YamlNode> pair in map.Children)
                    {
                        string? childKey = Scalar(pair.Key);
                        SecretClass childInherited = inherited;
                        if (kubernetesSecret && (childKey == "data" || childKey == "stringData"))
                        {
                            childInherited = SecretClass.Key;
                        }
                        else if (pair.Value is not YamlScalarNode && childKey != null && SecretNames.Classify(childKey) != SecretClass.None)
                        {
                            childInherited = SecretNames.Classify(childKey);
                        }

                        // The env list form names the variable in "name" and holds its value in "value".
                        string? effectiveKey = childKey == "value" && envName != null ? envName : childKey;
                        CollectYaml(pair.Value, effectiveKey, childInherited, hits);
                    }

                    break;
            }
        }

        private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;

        private string RedactYamlLines(string text, RedactionLog log)
        {
            var sb = new StringBuilder(text.Length);
            foreach (var line in SplitKeepingEndings(text))
            {
                string content = line.TrimEnd('\r', '\n');
                var m = YamlLine.Match(content);
                SecretClass secretClass = m.Success ? SecretNames.Classify(m.Groups["key"].Value) : SecretClass.None;
                string value = m.Groups["value"].Value;
                if (secretClass == SecretClass.None || value.Trim().Length == 0 || IsMarker(value) || value.TrimStart().StartsWith("|", StringComparison.Ordinal) || value.TrimStart().StartsWith(">", StringComparison.Ordinal))
                {
                    sb.Append(line);
                    continue;
                }

                string inner = value.Trim().Trim('"', '\'');
                string marker = Secret(secretClass, m.Groups["key"].Value, inner, log);
                sb.Append(m.Groups["head"].Value).Append('"').Append(marker).Append('"').Append(m.Groups["tail"].Value).Append(line.Substring(content.Length));
            }

            return sb.ToString();
        }
    }
}
