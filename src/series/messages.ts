
const fr: Record<string, string> = {
  'series.err.not_found': 'Ce don régulier n’existe pas.',
  'series.err.time': 'Saisissez une heure (HH:MM).',
  'series.err.weekday': 'Un jour de la semaine va de 1 (lundi) à 7 (dimanche).',
  'series.err.weekdays': 'Choisissez au moins un jour.',
  'series.err.window_midnight':
    'La fin du créneau doit être après son début, le même jour (pas au-delà de minuit).',
  'series.err.ends_before': 'La fin doit être après le début.',
  'series.err.starts_past': 'Le début ne peut pas être passé.',
  'series.err.no_date': 'Aucun de ces jours ne tombe entre le début et la fin.',
  'series.err.lead': 'Au plus 6 jours (144 h) avant le créneau.',
  'series.err.ended': 'Ce don régulier est terminé.',
  'series.err.skip_past': 'Cette date est déjà passée.',
  'series.err.not_a_date': 'Ce don régulier n’a pas lieu ce jour-là.',
  'series.err.skip_claimed':
    'Ce don est déjà réservé par une association : annulez-le avec elle, il ne peut pas être sauté.',
  'series.err.closure_long': 'Une fermeture dure au plus un an.',
  'series.err.arrangement_unavailable':
    'Les accords avec une association ne sont pas encore proposés.',
};

const en: Record<string, string> = {
  'series.err.not_found': 'No such regular donation.',
  'series.err.time': 'Type a time (HH:MM).',
  'series.err.weekday': 'A weekday goes from 1 (Monday) to 7 (Sunday).',
  'series.err.weekdays': 'Choose at least one day.',
  'series.err.window_midnight':
    'The window must end after it starts, on the same day (not past midnight).',
  'series.err.ends_before': 'The end must be after the start.',
  'series.err.starts_past': 'The start cannot be in the past.',
  'series.err.no_date': 'None of these days falls between the start and the end.',
  'series.err.lead': 'At most 6 days (144 h) before the window.',
  'series.err.ended': 'This regular donation has ended.',
  'series.err.skip_past': 'This date is past.',
  'series.err.not_a_date': 'This regular donation does not happen on that day.',
  'series.err.skip_claimed':
    'An association has claimed this one already: cancel it with them, it cannot be skipped.',
  'series.err.closure_long': 'A closure lasts a year at most.',
  'series.err.arrangement_unavailable': 'Arrangements with an association are not offered yet.',
};

export const seriesMessages = { fr, en };
