/**
 * Invented people for the seeded databases. Names cover scripts and
 * diacritics a real recruiting database contains. Entries marked `mojibake`
 * are stored double-encoded, the way some Tracker records arrive.
 */

export type PersonSeed = {
  firstName: string;
  surname: string;
  town: string;
  country: string;
  /** Store name and employer as UTF-8 bytes misread as Latin-1. */
  mojibake?: boolean;
  employer?: string;
};

export const DEMO_PEOPLE: PersonSeed[] = [
  { firstName: "Priya", surname: "Raman", town: "San Jose", country: "US" },
  { firstName: "Marcus", surname: "Bell", town: "Oakland", country: "US" },
  { firstName: "娜", surname: "李", town: "San Francisco", country: "US" },
  { firstName: "Ζωή", surname: "Παπαδοπούλου", town: "Chicago", country: "US" },
  { firstName: "Łukasz", surname: "Nowak", town: "Chicago", country: "US" },
  { firstName: "Jürgen", surname: "Müller", town: "Denver", country: "US" },
  { firstName: "José", surname: "García", town: "Los Angeles", country: "US" },
  {
    firstName: "Renée",
    surname: "Dubois",
    town: "Portland",
    country: "US",
    mojibake: true,
    employer: "Café Numérique",
  },
  { firstName: "Siobhán", surname: "O'Brien", town: "Boston", country: "US" },
  { firstName: "Nguyễn", surname: "Văn An", town: "Houston", country: "US" },
  { firstName: "Иван", surname: "Петров", town: "Brooklyn", country: "US" },
  { firstName: "محمد", surname: "الحسن", town: "Dearborn", country: "US" },
  { firstName: "さくら", surname: "佐藤", town: "Seattle", country: "US" },
  { firstName: "Aarav", surname: "Sharma", town: "Fremont", country: "US" },
  { firstName: "Olivia", surname: "Bennett", town: "Austin", country: "US" },
  { firstName: "Ethan", surname: "Brooks", town: "Phoenix", country: "US" },
  {
    firstName: "François",
    surname: "Lefèvre",
    town: "New Orleans",
    country: "US",
    mojibake: true,
    employer: "Société Générale Tech",
  },
  { firstName: "Chloe", surname: "Nguyen", town: "San Diego", country: "US" },
  { firstName: "Daniel", surname: "Okafor", town: "Atlanta", country: "US" },
  { firstName: "Amelia", surname: "Hughes", town: "Raleigh", country: "US" },
  { firstName: "Mateo", surname: "Rossi", town: "Miami", country: "US" },
  { firstName: "Hannah", surname: "Schmidt", town: "Milwaukee", country: "US" },
  { firstName: "Kwame", surname: "Mensah", town: "Baltimore", country: "US" },
  { firstName: "Isabella", surname: "Costa", town: "Newark", country: "US" },
  { firstName: "Noah", surname: "Fischer", town: "Minneapolis", country: "US" },
  { firstName: "Zoë", surname: "Kowalczyk", town: "Pittsburgh", country: "US" },
  { firstName: "Liam", surname: "Walsh", town: "Boston", country: "US" },
  { firstName: "Fatima", surname: "Zahra", town: "Irvine", country: "US" },
  { firstName: "Benjamín", surname: "Pérez", town: "El Paso", country: "US" },
  { firstName: "Grace", surname: "Kim", town: "Los Angeles", country: "US" },
  { firstName: "Oliver", surname: "Grant", town: "Sacramento", country: "US" },
  { firstName: "Ana", surname: "Silva", town: "San Jose", country: "US" },
  {
    firstName: "Björn",
    surname: "Åström",
    town: "Minneapolis",
    country: "US",
    mojibake: true,
    employer: "Nordström Data",
  },
  { firstName: "Maya", surname: "Patel", town: "Jersey City", country: "US" },
  { firstName: "Lucas", surname: "Moreau", town: "Denver", country: "US" },
  { firstName: "Emma", surname: "Larsen", town: "Seattle", country: "US" },
  { firstName: "Yusuf", surname: "Demir", town: "Paterson", country: "US" },
  { firstName: "Sofia", surname: "Ivanova", town: "Sacramento", country: "US" },
  { firstName: "Jacob", surname: "Turner", town: "Columbus", country: "US" },
  { firstName: "Mia", surname: "Hoffmann", town: "Cincinnati", country: "US" },
  { firstName: "Arjun", surname: "Iyer", town: "Sunnyvale", country: "US" },
  { firstName: "Ella", surname: "Murphy", town: "Providence", country: "US" },
  { firstName: "Samuel", surname: "Adeyemi", town: "Dallas", country: "US" },
  { firstName: "Léa", surname: "Girard", town: "Burlington", country: "US" },
  { firstName: "Henry", surname: "Carter", town: "Nashville", country: "US" },
  { firstName: "Aisha", surname: "Bello", town: "Charlotte", country: "US" },
  { firstName: "Jack", surname: "Sullivan", town: "Hartford", country: "US" },
  { firstName: "Lina", surname: "Haddad", town: "San Antonio", country: "US" },
  { firstName: "Oscar", surname: "Lindqvist", town: "St. Paul", country: "US" },
  {
    firstName: "Harper",
    surname: "Reed",
    town: "Salt Lake City",
    country: "US",
  },
  { firstName: "Dmitri", surname: "Volkov", town: "Brooklyn", country: "US" },
  { firstName: "Camila", surname: "Rojas", town: "Orlando", country: "US" },
  { firstName: "Theo", surname: "Baker", town: "Tucson", country: "US" },
  { firstName: "Nadia", surname: "Kaur", town: "Fresno", country: "US" },
  { firstName: "William", surname: "Chen", town: "Plano", country: "US" },
  { firstName: "Elif", surname: "Yılmaz", town: "Albany", country: "US" },
  { firstName: "Owen", surname: "Price", town: "Richmond", country: "US" },
  { firstName: "Ingrid", surname: "Solberg", town: "Madison", country: "US" },
  { firstName: "Rafael", surname: "Mendes", town: "Newark", country: "US" },
  { firstName: "Abigail", surname: "Ward", town: "Boise", country: "US" },
];

export const CANADA_PEOPLE: PersonSeed[] = [
  { firstName: "Émilie", surname: "Tremblay", town: "Montréal", country: "CA" },
  { firstName: "François", surname: "Gagnon", town: "Québec", country: "CA" },
  { firstName: "Chloé", surname: "Roy", town: "Ottawa", country: "CA" },
  { firstName: "Liam", surname: "MacDonald", town: "Halifax", country: "CA" },
  { firstName: "Ava", surname: "Singh", town: "Brampton", country: "CA" },
  {
    firstName: "Gaël",
    surname: "Côté",
    town: "Laval",
    country: "CA",
    mojibake: true,
    employer: "Hôpital Général",
  },
  { firstName: "Wei", surname: "张", town: "Markham", country: "CA" },
  { firstName: "Noah", surname: "Thompson", town: "Toronto", country: "CA" },
];

/** Re-encodes text the way a UTF-8 string read as Latin-1 comes out. */
export function toMojibake(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}
