// The demo's organisations: a neighbourhood of Lyon 1er and 4e (the Pentes and the Croix-Rousse)
// with its shops, associations (with their pickup rules), a producer organisation and a territory
// by radius; and a few of the Grand Angoulême (Angoulême, La Couronne, Soyaux) with a territory
// defined by its EPCI. Each with its commune's INSEE code, as the geocoder would have named it.
import type { NewOrganisation } from '../db/schema.js';

export type Place = Pick<
  NewOrganisation,
  'name' | 'address' | 'postcode' | 'town' | 'citycode' | 'lat' | 'lng' | 'phone'
> & {
  key: string;
};

// Coordinates of the streets named (OpenStreetMap), a few metres off on purpose.
export const SHOPS: Place[] = [
  {
    key: 'boulangerie',
    name: 'Boulangerie du Gros Caillou',
    address: '152 boulevard de la Croix-Rousse',
    postcode: '69004',
    town: 'Lyon',
    citycode: '69384',
    lat: 45.77467,
    lng: 4.83151,
    phone: '04 78 00 11 01',
  },
  {
    key: 'primeur',
    name: 'Primeur de la Grande Rue',
    address: '48 Grande Rue de la Croix-Rousse',
    postcode: '69004',
    town: 'Lyon',
    citycode: '69384',
    lat: 45.77731,
    lng: 4.82773,
    phone: '04 78 00 11 02',
  },
  {
    key: 'superette',
    name: 'Supérette des Terreaux',
    address: '9 rue d’Algérie',
    postcode: '69001',
    town: 'Lyon',
    citycode: '69381',
    lat: 45.76739,
    lng: 4.83219,
    phone: '04 78 00 11 03',
  },
  {
    key: 'traiteur',
    name: 'Traiteur des Pentes',
    address: '21 montée de la Grande-Côte',
    postcode: '69001',
    town: 'Lyon',
    citycode: '69381',
    lat: 45.77061,
    lng: 4.83128,
    phone: '04 78 00 11 04',
  },
  {
    key: 'fromagerie',
    name: 'Crèmerie Saint-Vincent',
    address: '6 quai Saint-Vincent',
    postcode: '69001',
    town: 'Lyon',
    citycode: '69381',
    lat: 45.76873,
    lng: 4.82594,
    phone: '04 78 00 11 05',
  },
  {
    key: 'bio',
    name: 'La Halle bio des Tapis',
    address: '4 place des Tapis',
    postcode: '69004',
    town: 'Lyon',
    citycode: '69384',
    lat: 45.77612,
    lng: 4.82691,
    phone: '04 78 00 11 06',
  },
];

type AssociationPlace = Place & {
  radius_km: number;
  storage_chilled: boolean;
  storage_frozen: boolean;
  pickup_days: number[];
  pickup_from: string;
  pickup_until: string;
  min_kg: number | null;
  max_kg: number | null;
  accepted_categories: string[] | null;
};

export const ASSOCIATIONS: AssociationPlace[] = [
  {
    key: 'epicerie',
    name: 'Épicerie solidaire L’Épi des Pentes',
    address: '14 rue des Tables Claudiennes',
    postcode: '69001',
    town: 'Lyon',
    citycode: '69381',
    lat: 45.77118,
    lng: 4.82994,
    phone: '04 78 00 22 01',
    radius_km: 1.5,
    storage_chilled: true,
    storage_frozen: true,
    pickup_days: [1, 2, 3, 4, 5],
    pickup_from: '10:00',
    pickup_until: '18:30',
    min_kg: 2,
    max_kg: 80,
    accepted_categories: null,
  },
  {
    key: 'repas',
    name: 'Les Repas du Cœur, antenne Croix-Rousse',
    address: '30 rue Dumenge',
    postcode: '69004',
    town: 'Lyon',
    citycode: '69384',
    lat: 45.77903,
    lng: 4.82612,
    phone: '04 78 00 22 02',
    radius_km: 2,
    storage_chilled: true,
    storage_frozen: false,
    pickup_days: [2, 4, 6],
    pickup_from: '14:00',
    pickup_until: '19:00',
    min_kg: 5,
    max_kg: 150,
    accepted_categories: [
      'bakery',
      'fruit_vegetables',
      'dairy',
      'prepared_meals',
      'dry_goods',
      'drinks',
    ],
  },
  {
    key: 'ccas',
    name: 'CCAS de Lyon, Maison de la solidarité du 1er',
    address: '2 place Sathonay',
    postcode: '69001',
    town: 'Lyon',
    citycode: '69381',
    lat: 45.76752,
    lng: 4.82905,
    phone: '04 78 00 22 03',
    radius_km: 1.5,
    storage_chilled: false,
    storage_frozen: false,
    pickup_days: [1, 2, 3, 4, 5],
    pickup_from: '09:00',
    pickup_until: '12:00',
    min_kg: null,
    max_kg: 40,
    accepted_categories: ['bakery', 'fruit_vegetables', 'dry_goods', 'drinks'],
  },
];

export const PRODUCER: Place = {
  key: 'op',
  name: 'Vergers des Monts du Lyonnais (OP)',
  address: '12 route de Lyon, Brignais',
  postcode: '69530',
  town: 'Brignais',
  citycode: '69027',
  lat: 45.67391,
  lng: 4.75478,
  phone: '04 78 00 33 01',
};
export const TERRITORY: Place = {
  key: 'territoire',
  name: 'Projet alimentaire territorial, Lyon 1er et 4e',
  address: '1 place de la Comédie',
  postcode: '69001',
  town: 'Lyon',
  citycode: '69381',
  lat: 45.76772,
  lng: 4.83623,
  phone: null,
};

// The Grand Angoulême (CA du Grand Angoulême, EPCI 200071827): real streets and public places,
// coordinates to a few metres (the BAN's), INSEE codes of the communes (not the postcodes).
export const ANGOULEME_EPCI = '200071827';

export const ANGOULEME_SHOPS: Place[] = [
  {
    key: 'halles',
    name: 'Boulangerie des Halles',
    address: 'place des Halles Centrales',
    postcode: '16000',
    town: 'Angoulême',
    citycode: '16015',
    lat: 45.64953,
    lng: 0.15441,
    phone: '05 45 00 11 01',
  },
  {
    key: 'couronne',
    name: 'Primeur de La Couronne',
    address: '12 rue de la Libération',
    postcode: '16400',
    town: 'La Couronne',
    citycode: '16113',
    lat: 45.61063,
    lng: 0.09971,
    phone: '05 45 00 11 02',
  },
  {
    key: 'soyaux',
    name: 'Supérette de Soyaux',
    address: '45 avenue du Général de Gaulle',
    postcode: '16800',
    town: 'Soyaux',
    citycode: '16374',
    lat: 45.64059,
    lng: 0.19882,
    phone: '05 45 00 11 03',
  },
];

export const ANGOULEME_ASSOCIATIONS: AssociationPlace[] = [
  {
    key: 'gare',
    name: 'Épicerie solidaire de la Gare',
    address: 'place de la Gare',
    postcode: '16000',
    town: 'Angoulême',
    citycode: '16015',
    lat: 45.65367,
    lng: 0.1654,
    phone: '05 45 00 22 01',
    radius_km: 10,
    storage_chilled: true,
    storage_frozen: false,
    pickup_days: [1, 2, 3, 4, 5],
    pickup_from: '09:00',
    pickup_until: '18:00',
    min_kg: null,
    max_kg: 100,
    accepted_categories: null,
  },
  {
    key: 'ccas16',
    name: 'CCAS d’Angoulême',
    address: '1 place de l’Hôtel de Ville',
    postcode: '16000',
    town: 'Angoulême',
    citycode: '16015',
    lat: 45.6494,
    lng: 0.15609,
    phone: '05 45 00 22 02',
    radius_km: 12,
    storage_chilled: false,
    storage_frozen: false,
    pickup_days: [1, 2, 3, 4, 5],
    pickup_from: '09:00',
    pickup_until: '12:30',
    min_kg: null,
    max_kg: 50,
    accepted_categories: ['bakery', 'fruit_vegetables', 'dry_goods', 'drinks'],
  },
];

export const ANGOULEME_TERRITORY: Place = {
  key: 'territoire16',
  name: 'Projet alimentaire territorial du Grand Angoulême',
  address: '25 boulevard Besson Bey',
  postcode: '16000',
  town: 'Angoulême',
  citycode: '16015',
  lat: 45.65284,
  lng: 0.16022,
  phone: null,
};
