/** Gathered with the other word tables in src/i18n/index.ts. */
export const conventionMessages = {
  fr: {
    'nav.conventions': 'Conventions de don',
    'conv.title': 'Conventions de don',
    'conv.intro':
      'La convention de don fixe, entre un commerce et une association habilitée, les denrées données, l’enlèvement, les engagements de chacun et le suivi de la qualité. Elle est établie d’après le modèle du ministère ; l’autre partie l’accepte en ligne.',
    'conv.duty.title': 'Associations sans convention',
    'conv.duty.text':
      'Votre surface de vente dépasse 400 m² : la loi vous oblige à proposer une convention de don aux associations habilitées qui collectent chez vous (art. L.541-15-6 du Code de l’environnement). Ces associations ont collecté chez vous ces 12 derniers mois sans convention en vigueur :',
    'conv.duty.all_covered':
      'Toutes les associations qui ont collecté chez vous ces 12 derniers mois ont une convention en vigueur.',
    'conv.propose': 'Proposer une convention',
    'conv.waiting': 'Proposition en attente de réponse',
    'conv.last_pickup': 'dernière collecte le {date}',
    'conv.to_answer': 'Propositions à accepter',
    'conv.sent': 'Propositions envoyées',
    'conv.active': 'Conventions en vigueur',
    'conv.history': 'Historique',
    'conv.none': 'Aucune convention pour l’instant.',
    'conv.new': 'Proposer une convention de don',
    'conv.new_for_partner': 'Choisissez avec qui :',
    'conv.no_partner':
      'Aucune structure ne travaille encore avec vous (collecte dans les 12 derniers mois ou don régulier) : une convention se propose à une structure avec qui vous travaillez.',
    'conv.partner.shop': 'Commerce',
    'conv.partner.association': 'Association',
    'conv.categories': 'Denrées données',
    'conv.pickup_arrangements': 'Modalités d’enlèvement',
    'conv.pickup_hint':
      'Jours, horaires, fréquence, qui transporte, comment prévenir. Les dons réguliers du commerce pour cette association y sont ajoutés.',
    'conv.quality_contact': 'Contact qualité',
    'conv.quality_hint':
      'Qui reçoit les remarques de l’association sur la qualité (nom, téléphone ou e-mail).',
    'conv.starts_on': 'Date de début',
    'conv.ends_on': 'Date de fin',
    'conv.ends_hint': 'Laissez vide pour une durée indéterminée.',
    'conv.submit': 'Envoyer la proposition',
    'conv.accept': 'Accepter la convention',
    'conv.decline': 'Refuser',
    'conv.decline_reason': 'Motif du refus (facultatif)',
    'conv.end': 'Mettre fin à la convention',
    'conv.withdraw': 'Retirer la proposition',
    'conv.end_reason': 'Motif',
    'conv.reason': 'Motif',
    'conv.pdf': 'Télécharger le PDF',
    'conv.print': 'Imprimer',
    'conv.open': 'Voir la convention',
    'conv.with': '{shop} et {association}',
    'conv.since': 'à partir du {date}',
    'conv.side.shop': 'le commerce',
    'conv.side.association': 'l’association',
    'conv.state.pending': 'en attente d’acceptation',
    'conv.state.active': 'en vigueur',
    'conv.state.declined': 'refusée',
    'conv.state.withdrawn': 'proposition retirée',
    'conv.state.ended': 'terminée',
    'conv.state.lapsed': 'arrivée à échéance',
    'conv.accepted_notice': 'Convention acceptée : elle est en vigueur.',
    'conv.proposed_notice':
      'Proposition envoyée. Un responsable de l’autre structure l’accepte en ligne.',
    'conv.home.duty.one': '{n} association collecte chez vous sans convention de don.',
    'conv.home.duty.other': '{n} associations collectent chez vous sans convention de don.',
    'conv.home.to_answer.one': '{n} proposition de convention de don attend votre réponse.',
    'conv.home.to_answer.other': '{n} propositions de convention de don attendent votre réponse.',
    'conv.err.exists':
      'Une convention est déjà en vigueur ou en attente de réponse avec cette structure.',
    'conv.err.not_partner':
      'Choisissez une structure qui travaille avec vous (collecte ces 12 derniers mois ou don régulier).',
    'conv.err.not_habilitated':
      'L’association n’a pas d’habilitation aide alimentaire valide à la date de début : la convention se conclut avec une association habilitée.',
    'conv.err.not_manager': 'Seuls les responsables des deux structures gèrent leurs conventions.',
    'conv.err.other_side':
      'Seul un responsable de l’autre structure peut répondre à cette proposition.',
    'conv.err.decline_instead':
      'C’est l’autre structure qui a proposé : acceptez ou refusez sa proposition.',
    'conv.err.state':
      'Cette convention n’est plus dans l’état voulu (déjà acceptée, refusée ou terminée).',
    'conv.err.categories': 'Choisissez au moins une catégorie de denrées.',
    'conv.err.ends_before': 'La fin doit être après le début.',
    'conv.err.date_range': 'Choisissez une date entre 2000 et 2099.',
    'conv.err.reason': 'Donnez le motif (3 à 300 caractères).',
    'conv.doc.title': 'Convention de don de denrées alimentaires',
    'conv.doc.model':
      'Établie d’après le modèle de convention du ministère chargé de l’agriculture, en application de l’article L.541-15-6 du Code de l’environnement.',
    'conv.doc.state': 'État',
    'conv.doc.object': 'Article 1 - Objet',
    'conv.doc.object_text':
      'Le donateur cède gratuitement à l’association bénéficiaire des denrées alimentaires invendues encore propres à la consommation, que l’association distribue gratuitement aux personnes qu’elle aide. La présente convention fixe les modalités de ces dons.',
    'conv.doc.donor': 'Article 2 - Le donateur',
    'conv.doc.beneficiary': 'Article 3 - L’association bénéficiaire',
    'conv.doc.until': 'jusqu’au {date}',
    'conv.doc.food': 'Article 4 - Denrées données',
    'conv.doc.food_text':
      'Les denrées d’origine animale ne sont données que préemballées (arrêté du 19 mai 2020). Les denrées à date limite de consommation (DLC) sont données avant cette date, en laissant à l’association le temps de les distribuer ; les denrées à date de durabilité minimale (DDM) peuvent l’être après.',
    'conv.doc.pickup': 'Article 5 - Modalités d’enlèvement',
    'conv.doc.series_line':
      'Don régulier : tous les {days}, {from} - {until}, environ {kg} kg : {what}',
    'conv.doc.donor_duties': 'Article 6 - Engagements du donateur',
    'conv.doc.donor_duty.1':
      'Trier les denrées avant le don et ne donner que des produits propres à la consommation.',
    'conv.doc.donor_duty.2':
      'Respecter la chaîne du froid jusqu’à la remise (températures maximales de la DGCCRF).',
    'conv.doc.donor_duty.3':
      'Donner des produits étiquetés selon le règlement (UE) n° 1169/2011, étiquetage rectifié excepté (art. D.541-310 du Code de l’environnement).',
    'conv.doc.donor_duty.4':
      'Indiquer pour chaque produit la quantité, la DLC ou la DDM, la température s’il est réfrigéré et le lot (bordereau de traçabilité conservé 5 ans).',
    'conv.doc.donor_duty.5':
      'Prévenir l’association d’un don à venir dans un délai qui lui permet de l’enlever.',
    'conv.doc.beneficiary_duties': 'Article 7 - Engagements de l’association',
    'conv.doc.beneficiary_duty.1':
      'Enlever les denrées aux horaires convenus, dans des conditions d’hygiène conformes au guide des bonnes pratiques d’hygiène de l’aide alimentaire.',
    'conv.doc.beneficiary_duty.2':
      'Maintenir la chaîne du froid pendant le transport et le stockage, et relever la température des produits réfrigérés ou surgelés à l’enlèvement.',
    'conv.doc.beneficiary_duty.3':
      'Refuser tout ou partie d’un don qu’elle ne peut accepter (capacité, transport, aspect, hygiène) et en donner le motif.',
    'conv.doc.beneficiary_duty.4':
      'Distribuer gratuitement les denrées aux personnes qu’elle aide, sans les revendre.',
    'conv.doc.beneficiary_duty.5':
      'Délivrer au donateur le reçu fiscal des dons (art. 238 bis du CGI, Cerfa 16216) tant qu’elle est habilitée.',
    'conv.doc.quality': 'Article 8 - Démarche qualité (décret n° 2020-1274)',
    'conv.doc.quality_text':
      'Le donateur met en place une procédure de suivi et de contrôle de la qualité des dons :',
    'conv.doc.quality_duty.1': 'évaluer la qualité des denrées qu’il donne ;',
    'conv.doc.quality_duty.2':
      'enregistrer les défauts de qualité que l’association lui signale (à chaque enlèvement, sur ce site) ;',
    'conv.doc.quality_duty.3': 'suivre les actions correctives qu’il décide ;',
    'conv.doc.quality_duty.4': 'communiquer ces résultats à l’association.',
    'conv.doc.responsibility': 'Article 9 - Transfert de propriété et responsabilité',
    'conv.doc.responsibility_text':
      'La propriété des denrées et la responsabilité de leur conservation passent à l’association au moment de la remise, constatée à l’enlèvement (code de remise et relevé de l’association).',
    'conv.doc.duration': 'Article 10 - Durée',
    'conv.doc.no_end': 'durée indéterminée',
    'conv.doc.duration_text':
      'Chaque partie peut mettre fin à la convention à tout moment, en ligne, en donnant son motif ; l’autre partie en est informée sur ce site.',
    'conv.doc.acceptance': 'Article 11 - Conclusion',
    'conv.doc.proposed': 'Proposée',
    'conv.doc.accepted': 'Acceptée en ligne',
    'conv.doc.declined': 'Refusée',
    'conv.doc.withdrawn': 'Proposition retirée',
    'conv.doc.ended': 'Terminée',
    'conv.doc.by_on': 'par {who} pour {side}, le {when}',
    'conv.doc.who_on': 'par {who}, le {when}',
    'conv.doc.acceptance_text':
      'L’acceptation en ligne par un responsable de chaque partie, identifié par son compte, vaut signature de la convention.',
  },
  en: {
    'nav.conventions': 'Donation agreements',
    'conv.title': 'Donation agreements',
    'conv.intro':
      'A donation agreement sets, between a shop and an approved association, the food given, the pickups, each side’s commitments and the quality follow-up. It follows the ministry’s model; the other side accepts it online.',
    'conv.duty.title': 'Associations without an agreement',
    'conv.duty.text':
      'Your sales area is over 400 m²: the law requires you to propose a donation agreement to the approved associations that pick up from you (Code de l’environnement, art. L.541-15-6). These associations picked up from you in the last 12 months without an agreement in force:',
    'conv.duty.all_covered':
      'Every association that picked up from you in the last 12 months has an agreement in force.',
    'conv.propose': 'Propose an agreement',
    'conv.waiting': 'Proposal waiting for an answer',
    'conv.last_pickup': 'last pickup on {date}',
    'conv.to_answer': 'Proposals to accept',
    'conv.sent': 'Proposals sent',
    'conv.active': 'Agreements in force',
    'conv.history': 'History',
    'conv.none': 'No agreement yet.',
    'conv.new': 'Propose a donation agreement',
    'conv.new_for_partner': 'Choose with whom:',
    'conv.no_partner':
      'Nobody works with you yet (a pickup in the last 12 months or a regular donation): an agreement is proposed to someone you work with.',
    'conv.partner.shop': 'Shop',
    'conv.partner.association': 'Association',
    'conv.categories': 'Food given',
    'conv.pickup_arrangements': 'Pickup arrangements',
    'conv.pickup_hint':
      'Days, times, how often, who carries, how to warn. The shop’s regular donations for this association are added.',
    'conv.quality_contact': 'Quality contact',
    'conv.quality_hint':
      'Who receives the association’s remarks on quality (name, phone or e-mail).',
    'conv.starts_on': 'Start date',
    'conv.ends_on': 'End date',
    'conv.ends_hint': 'Leave empty for no end date.',
    'conv.submit': 'Send the proposal',
    'conv.accept': 'Accept the agreement',
    'conv.decline': 'Decline',
    'conv.decline_reason': 'Why (optional)',
    'conv.end': 'End the agreement',
    'conv.withdraw': 'Withdraw the proposal',
    'conv.end_reason': 'Reason',
    'conv.reason': 'Reason',
    'conv.pdf': 'Download the PDF',
    'conv.print': 'Print',
    'conv.open': 'See the agreement',
    'conv.with': '{shop} and {association}',
    'conv.since': 'from {date}',
    'conv.side.shop': 'the shop',
    'conv.side.association': 'the association',
    'conv.state.pending': 'waiting for acceptance',
    'conv.state.active': 'in force',
    'conv.state.declined': 'declined',
    'conv.state.withdrawn': 'proposal withdrawn',
    'conv.state.ended': 'ended',
    'conv.state.lapsed': 'expired',
    'conv.accepted_notice': 'Agreement accepted: it is in force.',
    'conv.proposed_notice': 'Proposal sent. A manager of the other side accepts it online.',
    'conv.home.duty.one': '{n} association picks up from you without a donation agreement.',
    'conv.home.duty.other': '{n} associations pick up from you without a donation agreement.',
    'conv.home.to_answer.one': '{n} donation agreement proposal waits for your answer.',
    'conv.home.to_answer.other': '{n} donation agreement proposals wait for your answer.',
    'conv.err.exists':
      'An agreement with this organisation is already in force or waiting for an answer.',
    'conv.err.not_partner':
      'Choose an organisation that works with you (a pickup in the last 12 months or a regular donation).',
    'conv.err.not_habilitated':
      'The association has no valid food-aid approval on the start date: the agreement is made with an approved association.',
    'conv.err.not_manager': 'Only the managers of both organisations manage their agreements.',
    'conv.err.other_side': 'Only a manager of the other organisation can answer this proposal.',
    'conv.err.decline_instead':
      'The other organisation proposed it: accept or decline its proposal.',
    'conv.err.state':
      'This agreement is no longer in the state needed (already accepted, declined or ended).',
    'conv.err.categories': 'Choose at least one kind of food.',
    'conv.err.ends_before': 'The end must be after the start.',
    'conv.err.date_range': 'Choose a date between 2000 and 2099.',
    'conv.err.reason': 'Give the reason (3 to 300 characters).',
    'conv.doc.title': 'Food donation agreement',
    'conv.doc.model':
      'Made from the model agreement of the French ministry of agriculture, under article L.541-15-6 of the Code de l’environnement.',
    'conv.doc.state': 'Status',
    'conv.doc.object': 'Article 1 - Purpose',
    'conv.doc.object_text':
      'The donor gives the beneficiary association, free of charge, unsold food still fit to eat, which the association hands out free to the people it helps. This agreement sets how these donations are made.',
    'conv.doc.donor': 'Article 2 - The donor',
    'conv.doc.beneficiary': 'Article 3 - The beneficiary association',
    'conv.doc.until': 'until {date}',
    'conv.doc.food': 'Article 4 - Food given',
    'conv.doc.food_text':
      'Food of animal origin is given pre-packed only (arrêté of 19 May 2020). Food with a use-by date is given before that date, leaving the association time to hand it out; food with a best-before date may be given after it.',
    'conv.doc.pickup': 'Article 5 - Pickup arrangements',
    'conv.doc.series_line':
      'Regular donation: every {days}, {from} - {until}, about {kg} kg: {what}',
    'conv.doc.donor_duties': 'Article 6 - The donor’s commitments',
    'conv.doc.donor_duty.1': 'Sort the food before giving it, and give only food fit to eat.',
    'conv.doc.donor_duty.2':
      'Keep the cold chain until the handover (the DGCCRF’s maximum temperatures).',
    'conv.doc.donor_duty.3':
      'Give food labelled under Regulation (EU) No 1169/2011, corrected labels excepted (Code de l’environnement, art. D.541-310).',
    'conv.doc.donor_duty.4':
      'State for each product the quantity, the use-by or best-before date, the temperature if chilled and the lot (traceability record kept 5 years).',
    'conv.doc.donor_duty.5':
      'Tell the association of a coming donation early enough for it to be picked up.',
    'conv.doc.beneficiary_duties': 'Article 7 - The association’s commitments',
    'conv.doc.beneficiary_duty.1':
      'Pick up the food at the agreed times, hygienically, following the food-aid good hygiene practice guide.',
    'conv.doc.beneficiary_duty.2':
      'Keep the cold chain during transport and storage, and record the temperature of chilled or frozen food at pickup.',
    'conv.doc.beneficiary_duty.3':
      'Refuse all or part of a donation it cannot take (capacity, transport, look, hygiene), and say why.',
    'conv.doc.beneficiary_duty.4':
      'Hand out the food free of charge to the people it helps, never selling it.',
    'conv.doc.beneficiary_duty.5':
      'Give the donor the tax receipt for the donations (CGI art. 238 bis, Cerfa 16216) while it is approved.',
    'conv.doc.quality': 'Article 8 - Quality loop (Décret 2020-1274)',
    'conv.doc.quality_text':
      'The donor runs a procedure to follow and check the quality of its donations:',
    'conv.doc.quality_duty.1': 'assess the quality of the food it gives;',
    'conv.doc.quality_duty.2':
      'record the quality defects the association reports (at each pickup, on this site);',
    'conv.doc.quality_duty.3': 'follow up the corrective actions it decides;',
    'conv.doc.quality_duty.4': 'share these results with the association.',
    'conv.doc.responsibility': 'Article 9 - Transfer of ownership and responsibility',
    'conv.doc.responsibility_text':
      'Ownership of the food and responsibility for keeping it pass to the association at the handover, recorded at pickup (handover code and the association’s report).',
    'conv.doc.duration': 'Article 10 - Duration',
    'conv.doc.no_end': 'no end date',
    'conv.doc.duration_text':
      'Either side may end the agreement at any time, online, giving its reason; the other side is told on this site.',
    'conv.doc.acceptance': 'Article 11 - Conclusion',
    'conv.doc.proposed': 'Proposed',
    'conv.doc.accepted': 'Accepted online',
    'conv.doc.declined': 'Declined',
    'conv.doc.withdrawn': 'Proposal withdrawn',
    'conv.doc.ended': 'Ended',
    'conv.doc.by_on': 'by {who} for {side}, on {when}',
    'conv.doc.who_on': 'by {who}, on {when}',
    'conv.doc.acceptance_text':
      'Acceptance online by a manager of each side, known by their account, stands for the signature of the agreement.',
  },
};
