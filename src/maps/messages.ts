/** Gathered with the other word tables in src/i18n/index.ts. */
export const mapMessages = {
  fr: {
    'map.attribution': '© les contributeurs d’OpenStreetMap',
    'map.no_js':
      'La carte a besoin de JavaScript ; sans lui, tout ce qu’elle montrerait est dans la liste ci-dessous.',
    'map.view': 'Affichage',
    'map.view.list': 'Liste',
    'map.view.map': 'Carte',
    'map.you': '{name} (vous)',
    'map.label.donations': '{name} · {kg}',
    'map.label.more': '{name} · {n} dons, {kg}',
    'map.feed_label': 'Carte des dons disponibles et de votre association',
    'map.shop_label': 'Carte : le commerce {name}',
    'map.stats_label': 'Carte des donateurs et des associations',
    'map.stats_desc':
      'Chaque commerce (vert) montre les kg donnés, chaque association (bleu) les kg reçus ; les mêmes chiffres sont dans les tableaux ci-dessous.',
  },
  en: {
    'map.attribution': '© OpenStreetMap contributors',
    'map.no_js':
      'The map needs JavaScript; without it, everything it would show is in the list below.',
    'map.view': 'View',
    'map.view.list': 'List',
    'map.view.map': 'Map',
    'map.you': '{name} (you)',
    'map.label.donations': '{name} · {kg}',
    'map.label.more': '{name} · {n} donations, {kg}',
    'map.feed_label': 'Map of the available donations and of your association',
    'map.shop_label': 'Map: the shop {name}',
    'map.stats_label': 'Map of donors and associations',
    'map.stats_desc':
      'Each shop (green) shows the kg it gave, each association (blue) the kg it received; the same figures are in the tables below.',
  },
};
