// Every user-facing string of the widget, French first. A missing English entry falls back to
// French. Functions take the values they interpolate; the result is always inserted as text.

const fr = {
  locale: 'fr-FR', // dates of the sources
  launcher: 'Question sur le Pacte',
  launcherLabel: 'Ouvrir l’assistant du Pacte parisien de lutte contre la grande exclusion',
  dialogLabel: 'Assistant du Pacte parisien de lutte contre la grande exclusion',
  title: 'Assistant du Pacte',
  close: 'Fermer l’assistant',
  newConversation: 'Nouvelle conversation',
  transcript: 'Conversation',
  welcome:
    'Bonjour ! Posez une question sur le Pacte parisien de lutte contre la grande exclusion. ' +
    'Chaque réponse cite les passages des textes dont elle est tirée.',
  examplesLabel: 'Exemples de questions',
  examples: [
    'Quels engagements concernent l’accès aux droits ?',
    'Quels sont les engagements de l’Acte 2 ?',
    'Qui a signé le Pacte en 2015 ?',
  ],
  inputLabel: 'Votre question',
  placeholder: 'Écrivez votre question…',
  send: 'Envoyer',
  hint: 'Entrée pour envoyer, Maj + Entrée pour aller à la ligne.',
  disclaimer: 'Réponses générées automatiquement : vérifiez les sources citées.',
  you: 'Vous',
  assistant: 'Assistant',
  thinking: 'Recherche dans les textes du Pacte…',
  sources: 'Sources',
  sourcesCopy: 'Sources :',
  citationLabel: (n, title) => `Source ${n} : ${title}`,
  passageOf: (n) => `Passage ${n}`,
  page: (p) => `page ${p}`,
  pageOcr: (p) => `page ${p}, lue par OCR (le texte peut contenir des erreurs de lecture)`,
  openSource: 'Ouvrir la source',
  newTab: '(nouvel onglet)',
  fullPassage: 'Passage complet',
  closePassage: 'Fermer le passage',
  notGrounded:
    'Je n’ai pas trouvé la réponse dans les documents du Pacte. ' +
    'Voici les passages les plus proches de votre question :',
  notGroundedNoSuggestion: 'Je n’ai pas trouvé la réponse dans les documents du Pacte.',
  suggestionsLabel: 'Passages proches : choisissez-en un pour poser la question',
  suggestionQuestion: (quote) => `Que dit le Pacte sur « ${quote} » ?`,
  copy: 'Copier la réponse',
  copied: 'Réponse copiée',
  copyFailed: 'Copie impossible : sélectionnez le texte à la main.',
  feedbackLabel: 'Cette réponse vous a-t-elle aidé ?',
  thumbUp: 'Réponse utile',
  thumbDown: 'Réponse pas utile',
  reasonLabel: 'Pourquoi ? (facultatif)',
  reasonSend: 'Envoyer le commentaire',
  feedbackThanks: 'Merci pour votre retour.',
  feedbackFailed: 'Votre avis n’a pas pu être envoyé.',
  retry: 'Réessayer',
  errorNetwork:
    'Le service ne répond pas pour le moment. Vérifiez votre connexion, puis réessayez ' +
    'dans un instant.',
  errorTimeout: 'Le service met trop de temps à répondre. Vous pouvez réessayer.',
  errorRateLimit: (s) =>
    `Vous avez posé beaucoup de questions en peu de temps. Merci de patienter ${s} seconde${
      s > 1 ? 's' : ''
    } avant de réessayer.`,
  errorInvalid: 'Cette question n’a pas pu être traitée.',
  errorRefused:
    'Ce site n’est pas autorisé à interroger le service. Merci de prévenir le responsable ' +
    'du site.',
  errorInterrupted: 'La réponse a été interrompue. Vous pouvez réessayer.',
  errorServer: 'Une erreur est survenue du côté du service. Veuillez réessayer.',
  errorEmpty: 'Écrivez une question avant d’envoyer.',
  answerAnnounce: (text) => `Réponse de l’assistant : ${text}`,
  answerAnnounceNotGrounded: 'Réponse de l’assistant : rien trouvé dans les documents du Pacte.',
  cleared: 'Nouvelle conversation commencée.',
};

const en = {
  locale: 'en-GB',
  launcher: 'Ask about the Pact',
  launcherLabel: 'Open the Paris pact against extreme exclusion assistant',
  dialogLabel: 'Paris pact against extreme exclusion assistant',
  title: 'Pact assistant',
  close: 'Close the assistant',
  newConversation: 'New conversation',
  transcript: 'Conversation',
  welcome:
    'Hello! Ask a question about the Paris pact against extreme exclusion. Every answer cites ' +
    'the passages it comes from (the texts are in French).',
  examplesLabel: 'Example questions',
  examples: [
    'Which commitments concern access to rights?',
    'What are the commitments of Act 2?',
    'Who signed the pact in 2015?',
  ],
  inputLabel: 'Your question',
  placeholder: 'Type your question…',
  send: 'Send',
  hint: 'Enter to send, Shift + Enter for a new line.',
  disclaimer: 'Answers are generated automatically: check the cited sources.',
  you: 'You',
  assistant: 'Assistant',
  thinking: 'Searching the pact texts…',
  sources: 'Sources',
  sourcesCopy: 'Sources:',
  citationLabel: (n, title) => `Source ${n}: ${title}`,
  passageOf: (n) => `Passage ${n}`,
  page: (p) => `page ${p}`,
  pageOcr: (p) => `page ${p}, read by OCR (the text may hold misread words)`,
  openSource: 'Open the source',
  newTab: '(new tab)',
  fullPassage: 'Full passage',
  closePassage: 'Close the passage',
  notGrounded:
    'I could not find the answer in the pact documents. Here are the passages closest to your ' +
    'question:',
  notGroundedNoSuggestion: 'I could not find the answer in the pact documents.',
  suggestionsLabel: 'Nearby passages: pick one to ask about it',
  suggestionQuestion: (quote) => `What does the pact say about “${quote}”?`,
  copy: 'Copy the answer',
  copied: 'Answer copied',
  copyFailed: 'Could not copy: please select the text by hand.',
  feedbackLabel: 'Was this answer helpful?',
  thumbUp: 'Helpful answer',
  thumbDown: 'Unhelpful answer',
  reasonLabel: 'Why? (optional)',
  reasonSend: 'Send comment',
  feedbackThanks: 'Thank you for your feedback.',
  feedbackFailed: 'Your feedback could not be sent.',
  retry: 'Retry',
  errorNetwork:
    'The service is not responding right now. Check your connection, then try again in a moment.',
  errorTimeout: 'The service is taking too long to answer. You can try again.',
  errorRateLimit: (s) =>
    `You asked many questions in a short time. Please wait ${s} second${
      s > 1 ? 's' : ''
    } before trying again.`,
  errorInvalid: 'This question could not be processed.',
  errorRefused: 'This site is not allowed to query the service. Please tell the site’s administrator.',
  errorInterrupted: 'The answer was interrupted. You can try again.',
  errorServer: 'Something went wrong on the service side. Please try again.',
  errorEmpty: 'Type a question before sending.',
  answerAnnounce: (text) => `Assistant answer: ${text}`,
  answerAnnounceNotGrounded: 'Assistant answer: nothing found in the pact documents.',
  cleared: 'New conversation started.',
};

/** French typography: a no-break space before « : ; ! ? » and inside guillemets. */
const spaced = (s) => s.replace(/ ([:;!?»])/g, '\u00a0$1').replace(/« /g, '«\u00a0');

/** `table` with French spacing in every string, list and function result. */
function french(table) {
  const fix = (v) =>
    typeof v === 'string'
      ? spaced(v)
      : Array.isArray(v)
        ? v.map(fix)
        : typeof v === 'function'
          ? (...args) => fix(v(...args))
          : v;
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [k, fix(v)]));
}

export const STRINGS = { fr: french(fr), en };

/** The table for `lang` ("fr" by default; "en-GB" → "en"), English falling back to French. */
export function strings(lang) {
  const code = String(lang || 'fr').toLowerCase().split('-')[0];
  return code === 'fr' || !STRINGS[code] ? STRINGS.fr : { ...STRINGS.fr, ...STRINGS[code] };
}
