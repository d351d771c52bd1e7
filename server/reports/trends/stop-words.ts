// Words that say nothing about what a visitor wants: English function words and chat small talk.
// Terms are PostgreSQL's `simple` tokens (lower-cased words, no stemming, so a report shows the word
// people typed); these are dropped, as is anything under three letters or starting with a digit.
export const STOP_WORDS: readonly string[] = [
  "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "aren", "around", "as", "at",
  "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "cannot", "could", "couldn",
  "did", "didn", "do", "does", "doesn", "doing", "don", "down", "during", "each", "else", "even", "ever", "every", "few", "for",
  "from", "further", "get", "gets", "getting", "got", "had", "hadn", "has", "hasn", "have", "haven", "having", "he", "her",
  "here", "hers", "herself", "him", "himself", "his", "how", "however", "into", "isn", "its", "itself", "just", "let", "like",
  "more", "most", "much", "must", "mustn", "myself", "need", "needs", "no", "nor", "not", "now", "off", "once", "one", "only",
  "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "really", "same", "shall", "she", "should", "shouldn",
  "since", "some", "still", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these",
  "they", "thing", "things", "this", "those", "though", "through", "too", "under", "until", "upon", "very", "was", "wasn",
  "way", "we", "were", "weren", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will",
  "with", "within", "without", "won", "would", "wouldn", "yet", "you", "your", "yours", "yourself", "yourselves",
  // chat small talk
  "afternoon", "bye", "come", "coming", "last", "next", "set", "three", "time", "two", "week", "weeks", "cheers", "day", "dear", "evening", "fine", "good", "great", "hello", "help", "hey", "hi", "hmm",
  "know", "look", "looking", "make", "many", "may", "maybe", "minute", "moment", "morning", "nice", "okay", "please", "right",
  "see", "sure", "thank", "thanks", "think", "today", "want", "wanted", "welcome", "well", "wondering", "yeah", "yes",
];
