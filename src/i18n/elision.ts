// French "de" before a name: "Tournée de l'Épicerie solidaire", "… du Relais", "… des Restos",
// "… de Marie". The name is written as typed; only its first word decides.

/** Vowels, accented or not, and y ("de l'Yonne"), after lower-casing. */
const VOWEL = /^[aàâäeéèêëiîïoôöuùûüyœæ]/;

/**
 * First words with an aspirated h keep "de " ("de Halle aux grains", "de Hautes-Alpes Solidarité").
 * A small list: any other h is taken as mute ("de l’Hôpital", "de l’Humanité").
 */
const ASPIRATED_H =
  /^(hall|halle|hameau|hangar|haut|haute|hautes|hauts|héron|hibou|hollande|honte)\b/;

/**
 * "de " + name with French elision: "de l'" before a vowel or a mute h, "du " for a name starting
 * with "Le ", "des " for "Les ", "de l'" for "L'" (the name's own article dropped), "de " otherwise.
 */
export function deName(name: string): string {
  const n = name.trim();
  const lower = n.toLocaleLowerCase('fr');
  if (/^le\s/.test(lower)) return `du ${n.slice(3).trimStart()}`;
  if (/^les\s/.test(lower)) return `des ${n.slice(4).trimStart()}`;
  if (/^l['’]/.test(lower)) return `de l’${n.slice(2)}`;
  if (VOWEL.test(lower) || (lower.startsWith('h') && !ASPIRATED_H.test(lower))) return `de l’${n}`;
  return `de ${n}`;
}
