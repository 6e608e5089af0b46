export const CATEGORIES = [
  'bakery',
  'fruit_vegetables',
  'dairy',
  'meat_fish',
  'prepared_meals',
  'dry_goods',
  'frozen',
  'drinks',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];
