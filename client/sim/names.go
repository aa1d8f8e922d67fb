package sim

// Name pools for the seeded people. Last names carry no hyphen, so a login plus
// "-suffix" can never equal another person's login.
var firstNames = [...]string{
	"Aaliyah", "Aaron", "Abigail", "Adam", "Aditi", "Adrian", "Ahmed", "Aiko", "Alan", "Alejandro",
	"Alex", "Alice", "Amara", "Amir", "Ana", "Andrea", "Andrew", "Anika", "Anna", "Arjun",
	"Ben", "Bianca", "Bilal", "Carla", "Carlos", "Chen", "Chloe", "Chris", "Clara", "Daniel",
	"Dana", "David", "Deepa", "Diego", "Dmitri", "Elena", "Eli", "Emma", "Erik", "Esther",
	"Fatima", "Felix", "Fiona", "Gabriel", "Grace", "Hana", "Hannah", "Hiro", "Ibrahim", "Ines",
	"Isaac", "Ivan", "Jack", "Jane", "Javier", "Jin", "John", "Jonas", "Julia", "Kai",
	"Karen", "Kenji", "Kofi", "Lars", "Laura", "Leila", "Leo", "Lina", "Lucas", "Maria",
	"Mark", "Maya", "Mei", "Michael", "Mina", "Mohammed", "Nadia", "Naomi", "Nikhil", "Nina",
	"Noah", "Olga", "Omar", "Paul", "Priya", "Rafael", "Rahul", "Rosa", "Sam", "Sara",
	"Sofia", "Sven", "Tariq", "Theo", "Tom", "Uma", "Victor", "Wei", "Yara", "Yusuf",
	"Zara", "Zoe",
}

var lastNames = [...]string{
	"Abe", "Adams", "Ali", "Alvarez", "Andersen", "Baker", "Banerjee", "Becker", "Brown", "Bruno",
	"Castro", "Chen", "Clark", "Cohen", "Costa", "Dai", "Das", "Davis", "Diaz", "Doe",
	"Dubois", "Evans", "Fischer", "Garcia", "Green", "Gupta", "Hall", "Hansen", "Hernandez", "Hill",
	"Ito", "Jansen", "Jensen", "Johnson", "Jones", "Kato", "Khan", "Kim", "King", "Kowalski",
	"Kumar", "Larsen", "Lee", "Lewis", "Li", "Lopez", "Martin", "Meyer", "Miller", "Moore",
	"Mueller", "Murphy", "Nakamura", "Nguyen", "Novak", "Okafor", "Olsen", "Patel", "Perez", "Petrov",
	"Quinn", "Reddy", "Reyes", "Rossi", "Roy", "Sato", "Schmidt", "Schulz", "Shah", "Silva",
	"Singh", "Smith", "Sousa", "Suzuki", "Tanaka", "Taylor", "Thomas", "Tran", "Wagner", "Walker",
	"Wang", "Weber", "White", "Williams", "Wilson", "Wong", "Wu", "Yamamoto", "Yang", "Young",
	"Zhang", "Zhou",
}

// orgSuffixes name the cloud enterprise's organizations (slug-suffix).
var orgSuffixes = [...]string{"eng", "ops", "labs", "sales", "design"}
