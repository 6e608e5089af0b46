/**
 * GeoCodeJSON answers in the shape the Géoplateforme's /search and /reverse give (BAN index),
 * written after the documented format: real addresses and their real INSEE codes (Lyon 1er is 69381, Lyon 2e is
 * 69382, Angoulême 16015, La Couronne 16113, Soyaux 16374); coordinates to a few metres.
 */
export interface RecordedFeature {
  /** the words (without accents, lower case) a query must all contain to find it */
  words: string[];
  feature: {
    type: 'Feature';
    geometry: { type: 'Point'; coordinates: [number, number] };
    properties: Record<string, unknown>;
  };
}

function feature(
  words: string[],
  [lon, lat]: [number, number],
  p: {
    label: string;
    score: number;
    postcode: string;
    citycode: string;
    city: string;
    type: string;
  },
): RecordedFeature {
  return {
    words,
    feature: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: {
        ...p,
        id: `${p.citycode}_x`,
        // as the service names it: the label without its postcode and town
        name: p.label.replace(` ${p.postcode} ${p.city}`, ''),
        context: '',
      },
    },
  };
}

export const RECORDED: RecordedFeature[] = [
  feature(['bellecour'], [4.832011, 45.757814], {
    label: '20 Place Bellecour 69002 Lyon',
    score: 0.9719,
    postcode: '69002',
    citycode: '69382',
    city: 'Lyon',
    type: 'housenumber',
  }),
  feature(['hippolyte', 'flandrin'], [4.829146, 45.768302], {
    label: '3 Rue Hippolyte Flandrin 69001 Lyon',
    score: 0.9633,
    postcode: '69001',
    citycode: '69381',
    city: 'Lyon',
    type: 'housenumber',
  }),
  feature(['hrant', 'dink'], [4.826143, 45.748518], {
    label: '8 Rue Hrant Dink 69002 Lyon',
    score: 0.9687,
    postcode: '69002',
    citycode: '69382',
    city: 'Lyon',
    type: 'housenumber',
  }),
  feature(['hotel de ville', 'angouleme'], [0.156093, 45.649403], {
    label: "1 Place de l'Hôtel de Ville 16000 Angoulême",
    score: 0.9531,
    postcode: '16000',
    citycode: '16015',
    city: 'Angoulême',
    type: 'housenumber',
  }),
  feature(['liberation', 'couronne'], [0.099712, 45.610634], {
    label: '12 Rue de la Libération 16400 La Couronne',
    score: 0.9412,
    postcode: '16400',
    citycode: '16113',
    city: 'La Couronne',
    type: 'housenumber',
  }),
  feature(['gaulle', 'soyaux'], [0.198822, 45.640587], {
    label: '45 Avenue du Général de Gaulle 16800 Soyaux',
    score: 0.9355,
    postcode: '16800',
    citycode: '16374',
    city: 'Soyaux',
    type: 'housenumber',
  }),
  // a weak match: the service answers something, but nothing sure enough to place a shop
  feature(['vaguement'], [2.35, 48.85], {
    label: 'Paris',
    score: 0.21,
    postcode: '75001',
    citycode: '75056',
    city: 'Paris',
    type: 'municipality',
  }),
];

export const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
