/**
 * Known skills with the spellings resumes and job descriptions use for
 * them. `aliases` match without regard to case. `exactAliases` match only
 * as written, for short forms that are also ordinary words or parts of
 * other names ("Go", "TS", "R"). `caseSensitive` makes the name and all
 * aliases match only as written, for names that are also English words
 * ("Express", "Swift", "Jest").
 */
export type LexiconSkill = {
  name: string;
  aliases: string[];
  exactAliases?: string[];
  caseSensitive?: boolean;
};

export const SKILLS_LEXICON: LexiconSkill[] = [
  // Languages
  { name: "JavaScript", aliases: ["ECMAScript", "ES6"], exactAliases: ["JS"] },
  { name: "TypeScript", aliases: [], exactAliases: ["TS"] },
  { name: "Java", aliases: [] },
  { name: "Kotlin", aliases: [] },
  { name: "Scala", aliases: [] },
  { name: "Python", aliases: ["Python3"] },
  { name: "Go", aliases: ["Golang"], exactAliases: ["Go"] },
  { name: "Rust", aliases: [], caseSensitive: true },
  { name: "Ruby", aliases: [], caseSensitive: true },
  { name: "PHP", aliases: [] },
  { name: "C#", aliases: ["C Sharp", "CSharp"] },
  { name: "C++", aliases: ["CPP"] },
  { name: "Swift", aliases: [], caseSensitive: true },
  { name: "R", aliases: [], exactAliases: ["R"] },
  { name: "SQL", aliases: [] },
  { name: "HTML", aliases: ["HTML5"] },
  { name: "CSS", aliases: ["CSS3"] },
  { name: "Sass", aliases: ["SCSS"] },
  // Front end
  { name: "React", aliases: ["React.js", "ReactJS", "React JS"] },
  { name: "React Native", aliases: [] },
  { name: "Redux", aliases: ["Redux Toolkit"] },
  { name: "Next.js", aliases: ["NextJS", "Next JS"] },
  { name: "Vue", aliases: ["Vue.js", "VueJS", "Vue JS"] },
  {
    name: "Angular",
    aliases: ["AngularJS", "Angular.js"],
    caseSensitive: true,
  },
  { name: "Svelte", aliases: ["SvelteKit"], caseSensitive: true },
  { name: "Tailwind CSS", aliases: ["Tailwind", "TailwindCSS"] },
  { name: "Webpack", aliases: [] },
  { name: "Vite", aliases: [] },
  { name: "Jest", aliases: [], caseSensitive: true },
  { name: "Cypress", aliases: [] },
  { name: "Playwright", aliases: [] },
  { name: "Storybook", aliases: [], caseSensitive: true },
  { name: "Figma", aliases: [] },
  { name: "Responsive design", aliases: ["responsive web design"] },
  { name: "Accessibility", aliases: ["a11y", "WCAG"] },
  // Back end
  { name: "Node.js", aliases: ["NodeJS", "Node JS"] },
  {
    name: "Express",
    aliases: ["Express.js", "ExpressJS"],
    caseSensitive: true,
  },
  { name: "NestJS", aliases: ["Nest.js"] },
  { name: "Django", aliases: ["Django REST Framework", "DRF"] },
  { name: "Flask", aliases: [] },
  { name: "FastAPI", aliases: [] },
  { name: "Spring Boot", aliases: ["Spring Framework", "SpringBoot"] },
  {
    name: "Ruby on Rails",
    aliases: ["Rails", "RoR"],
    caseSensitive: true,
  },
  { name: ".NET", aliases: ["dotnet", "ASP.NET", ".NET Core"] },
  { name: "GraphQL", aliases: [] },
  {
    name: "REST APIs",
    aliases: ["REST API", "RESTful", "RESTful APIs"],
    exactAliases: ["REST"],
  },
  { name: "Microservices", aliases: ["microservice", "micro-services"] },
  { name: "Kafka", aliases: ["Apache Kafka"] },
  { name: "RabbitMQ", aliases: [] },
  { name: "Celery", aliases: [] },
  { name: "WebSockets", aliases: ["WebSocket"] },
  // Data stores
  { name: "PostgreSQL", aliases: ["Postgres", "Postgre", "psql"] },
  { name: "MySQL", aliases: ["MariaDB"] },
  { name: "MongoDB", aliases: ["Mongo"] },
  { name: "Redis", aliases: [] },
  { name: "Elasticsearch", aliases: ["Elastic Search", "OpenSearch"] },
  { name: "DynamoDB", aliases: [] },
  // Infrastructure
  { name: "Docker", aliases: ["Dockerfile", "Docker Compose"] },
  { name: "Kubernetes", aliases: ["k8s"] },
  { name: "AWS", aliases: ["Amazon Web Services"] },
  { name: "Azure", aliases: ["Microsoft Azure"] },
  { name: "GCP", aliases: ["Google Cloud", "Google Cloud Platform"] },
  { name: "Terraform", aliases: [] },
  { name: "CI/CD", aliases: ["continuous integration", "CI CD", "CICD"] },
  { name: "Jenkins", aliases: [] },
  { name: "GitHub Actions", aliases: [] },
  { name: "Linux", aliases: ["Unix"] },
  { name: "Nginx", aliases: [] },
  { name: "Git", aliases: ["GitHub", "GitLab"] },
  { name: "Maven", aliases: [] },
  // Data and machine learning
  { name: "Machine learning", aliases: ["ML"] },
  { name: "Deep learning", aliases: [] },
  { name: "TensorFlow", aliases: [] },
  { name: "PyTorch", aliases: [] },
  { name: "scikit-learn", aliases: ["sklearn", "scikit learn"] },
  { name: "Pandas", aliases: [] },
  { name: "NumPy", aliases: [] },
  { name: "NLP", aliases: ["natural language processing"] },
  { name: "Computer vision", aliases: [] },
  { name: "Airflow", aliases: ["Apache Airflow"] },
  {
    name: "Spark",
    aliases: ["Apache Spark", "PySpark"],
    caseSensitive: true,
  },
  { name: "Jupyter", aliases: [] },
  { name: "MLflow", aliases: [] },
  { name: "Data science", aliases: [] },
  { name: "Tableau", aliases: [], caseSensitive: true },
  { name: "Power BI", aliases: ["PowerBI"] },
  // Practices and roles
  { name: "Frontend development", aliases: ["frontend", "front end"] },
  { name: "Backend development", aliases: ["backend", "back end"] },
  { name: "Full-stack development", aliases: ["full stack", "fullstack"] },
  { name: "Agile", aliases: ["Scrum", "Kanban"] },
  { name: "Unit testing", aliases: ["automated testing", "TDD"] },
  { name: "Code review", aliases: ["code reviews"] },
  { name: "Mentoring", aliases: ["mentored", "mentor"] },
  { name: "Performance optimization", aliases: ["performance tuning"] },
  { name: "Security", aliases: ["application security", "AppSec"] },
  { name: "UI/UX", aliases: ["UX", "user experience"], exactAliases: ["UI"] },
];

const byName = new Map<string, LexiconSkill>();
for (const skill of SKILLS_LEXICON) {
  byName.set(skill.name.toLowerCase(), skill);
  for (const alias of skill.aliases) byName.set(alias.toLowerCase(), skill);
  for (const alias of skill.exactAliases ?? []) {
    byName.set(alias.toLowerCase(), skill);
  }
}

/** Finds the lexicon skill for a name or one of its aliases, any case. */
export function findLexiconSkill(term: string): LexiconSkill | undefined {
  return byName.get(term.trim().toLowerCase());
}
