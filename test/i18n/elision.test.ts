import { describe, expect, it } from 'vitest';
import { deName } from '../../src/i18n/elision.js';

describe('deName: French "de" before a name, with elision', () => {
  it('"de l’" before a vowel, accented or capital, and y', () => {
    expect(deName('Épicerie solidaire du plateau')).toBe('de l’Épicerie solidaire du plateau');
    expect(deName('épicerie')).toBe('de l’épicerie');
    expect(deName('Association Entraide')).toBe('de l’Association Entraide');
    expect(deName('Îlot')).toBe('de l’Îlot');
    expect(deName('Oasis')).toBe('de l’Oasis');
    expect(deName('Union des épiceries')).toBe('de l’Union des épiceries');
    expect(deName('Yonne Solidaire')).toBe('de l’Yonne Solidaire');
  });

  it('"de l’" before a mute h, "de " before an aspirated one', () => {
    expect(deName('Hôpital de jour')).toBe('de l’Hôpital de jour');
    expect(deName('Humanis')).toBe('de l’Humanis');
    expect(deName('Halle aux grains')).toBe('de Halle aux grains');
    expect(deName('Hautes-Alpes Solidarité')).toBe('de Hautes-Alpes Solidarité');
  });

  it('"du " for "Le …", "des " for "Les …", "de l’" for "L’…"', () => {
    expect(deName('Le Relais')).toBe('du Relais');
    expect(deName('le panier')).toBe('du panier');
    expect(deName('Les Restos du Cœur')).toBe('des Restos du Cœur');
    expect(deName('L’Étape')).toBe('de l’Étape');
    expect(deName("L'Escale")).toBe('de l’Escale');
    expect(deName('La Cloche')).toBe('de La Cloche');
  });

  it('"de " before anything else, words starting with "Le"/"Les" not taken for the article', () => {
    expect(deName('Secours populaire')).toBe('de Secours populaire');
    expect(deName('Projet alimentaire territorial')).toBe('de Projet alimentaire territorial');
    expect(deName('Lesparre Aide')).toBe('de Lesparre Aide');
    expect(deName('Léon Épicerie')).toBe('de Léon Épicerie');
    expect(deName('  Marie  ')).toBe('de Marie');
    expect(deName('3 Épis')).toBe('de 3 Épis');
  });
});
