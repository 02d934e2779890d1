"""The demo's places, organizations and people: all made up, set in the Denver metro.

ZIP codes are real, so coordinates and time zones come from their centroids
the same way the admin fills them in. Street names and numbers are invented.
"""

from typing import NamedTuple

from django.utils.text import slugify


class Place(NamedTuple):
    name: str
    street_address: str  # blank for an approximate area, as online groups give
    city: str
    postal_code: str
    wheelchair_accessible: bool
    style: str  # which drawing the photo uses, see demo.photos
    accessibility_notes: str = ""
    transit_notes: str = ""

    @property
    def key(self):
        return slugify(self.name)


CENTER = "Front Range Recovery Community Center"

PLACES = (
    Place(
        CENTER,
        "2150 Larkspur Street",
        "Denver",
        "80205",
        True,
        "center",
        "Step-free entrance on the north side. All meeting rooms are on the first floor.",
        "A bus stop is at the corner. Bike racks are by the front door.",
    ),
    Place(
        "Front Range Recovery Center, Aurora Annex",
        "1290 Prairie Falcon Road",
        "Aurora",
        "80012",
        True,
        "center",
        "Ramp at the main door. Room B is next to the lobby.",
        "Free parking behind the building.",
    ),
    Place(
        "St. Brendan's Fellowship Hall",
        "745 Juniper Avenue",
        "Denver",
        "80203",
        True,
        "church",
        "Use the side door on Juniper; the hall is down a short ramp.",
        "Street parking is free after 6 pm.",
    ),
    Place(
        "Grace Commons Church",
        "3301 Blue Spruce Drive",
        "Denver",
        "80211",
        False,
        "church",
        "The meeting room is in the basement, down one flight of stairs.",
        "Two blocks from the light rail station.",
    ),
    Place(
        "Cornerstone Community Church",
        "8800 Meadowlark Parkway",
        "Lakewood",
        "80226",
        True,
        "church",
        "Celebrate Recovery meets in the Family Life Center, the building on the left.",
        "Large free parking lot.",
    ),
    Place(
        "Trinity Lutheran Parish House",
        "1420 Columbine Court",
        "Arvada",
        "80002",
        True,
        "church",
        "Elevator to the second-floor library room.",
    ),
    Place(
        "Cottonwood Branch Library",
        "5620 Cottonwood Lane",
        "Denver",
        "80219",
        True,
        "library",
        "Community Room A, just inside the main entrance.",
        "Bus stop in front of the library.",
    ),
    Place(
        "Sable Ridge Library",
        "14200 Sable Ridge Boulevard",
        "Aurora",
        "80013",
        True,
        "library",
        "Study rooms are on the main floor next to the children's area.",
    ),
    Place(
        "Clear Creek Library",
        "390 Willow Bend",
        "Golden",
        "80401",
        True,
        "library",
        "Meeting room on the lower level; the elevator is by the front desk.",
    ),
    Place(
        "Highlands Alano Club",
        "2875 Aspen Hollow Street",
        "Denver",
        "80211",
        False,
        "hall",
        "Two steps up at the front door; a portable ramp is available on request.",
        "Coffee is on from 6 am.",
    ),
    Place(
        "Eastside Alano Club",
        "9100 Bluebell Avenue",
        "Denver",
        "80220",
        True,
        "hall",
        "All on one level. The back room is quieter.",
        "Bus stop across the street.",
    ),
    Place(
        "Westside Alano House",
        "1655 Yarrow Street",
        "Lakewood",
        "80214",
        False,
        "house",
        "An older house; the meeting room is up three steps.",
    ),
    Place(
        "Southside Fellowship Club",
        "4420 Prairie Sage Road",
        "Englewood",
        "80110",
        True,
        "hall",
        "Ramp on the south side.",
        "Light rail station is a ten-minute walk.",
    ),
    Place(
        "Platte Valley Health Campus",
        "1900 Riverfront Way",
        "Denver",
        "80202",
        True,
        "clinic",
        "Building C, Conference Room 2. Ask at the front desk for a visitor badge.",
        "Free parking in the visitor garage for the first two hours.",
    ),
    Place(
        "Aurora Wellness Clinic",
        "15500 Foothill Sky Drive",
        "Aurora",
        "80011",
        True,
        "clinic",
        "Community Room on the first floor.",
    ),
    Place(
        "Northglenn Family Health Center",
        "10450 Kestrel Street",
        "Thornton",
        "80233",
        True,
        "clinic",
        "Enter through the east doors after 5 pm.",
    ),
    Place(
        "Lincoln Park Recreation Center",
        "1010 Mariposa Court",
        "Denver",
        "80204",
        True,
        "school",
        "Multipurpose Room 1. Lockers are free.",
        "Bus stop at the main entrance.",
    ),
    Place(
        "Montbello Community Center",
        "12600 Snowberry Way",
        "Denver",
        "80239",
        True,
        "school",
        "Room 104, past the gym.",
    ),
    Place(
        "Wheat Ridge Neighborhood Center",
        "7300 Sunflower Avenue",
        "Wheat Ridge",
        "80033",
        True,
        "school",
        "Main hall on the ground floor.",
    ),
    Place(
        "Westminster Grange Hall",
        "7700 Harvest Moon Road",
        "Westminster",
        "80031",
        False,
        "hall",
        "Four steps at the entrance with a handrail.",
    ),
    Place(
        "Littleton Community Hall",
        "2450 Bristlecone Street",
        "Littleton",
        "80120",
        True,
        "hall",
        "Ramp and automatic door on the west side.",
        "Light rail station is three blocks east.",
    ),
    Place(
        "Broomfield Civic Commons",
        "3 Meadow Lark Plaza",
        "Broomfield",
        "80020",
        True,
        "school",
        "Conference Room C on the second floor; elevator by the lobby.",
    ),
    Place(
        "Boulder Creek Friends Meeting House",
        "1820 Mountain Maple Drive",
        "Boulder",
        "80302",
        True,
        "house",
        "Step-free path from the parking lot.",
        "Bus stop on the corner; bike parking out front.",
    ),
    Place(
        "Longmont Unity Hall",
        "640 Prairie Rose Lane",
        "Longmont",
        "80501",
        True,
        "church",
        "Fellowship room off the main entrance.",
    ),
    Place(
        "Parker Hope Fellowship",
        "19300 Hawk Ridge Road",
        "Parker",
        "80134",
        True,
        "church",
        "Room 12 in the education wing.",
    ),
    Place(
        "Castle Rock Recovery Room",
        "410 Red Canyon Street",
        "Castle Rock",
        "80104",
        True,
        "cafe",
        "Storefront on the main street; step-free entrance.",
    ),
    Place(
        "Brighton Hope House",
        "55 Windmill Court",
        "Brighton",
        "80601",
        False,
        "house",
        "Meeting room is up a short flight of stairs.",
    ),
    Place(
        "Commerce City Family Resource Center",
        "6800 Prairie Star Avenue",
        "Commerce City",
        "80022",
        True,
        "school",
        "Family Room at the end of the main hallway.",
    ),
    Place(
        "Five Points Peer Café",
        "2712 Sweetgrass Street",
        "Denver",
        "80205",
        True,
        "cafe",
        "Back room behind the counter. Coffee is free for anyone in recovery.",
        "Light rail stop one block away.",
    ),
    Place(
        "Cherry Creek Meditation Center",
        "310 Silver Birch Way",
        "Denver",
        "80206",
        True,
        "house",
        "Shoes off in the meditation room; chairs and cushions are both available.",
    ),
    Place(
        "Capitol Hill Unitarian House",
        "1350 Quail Run Street",
        "Denver",
        "80218",
        False,
        "church",
        "Parlor room on the second floor; no elevator.",
        "Several bus routes stop within two blocks.",
    ),
    Place(
        "University Park Student Center",
        "2100 Evergreen Loop",
        "Denver",
        "80210",
        True,
        "school",
        "Room 220; elevators next to the food court.",
        "Light rail station across the street.",
    ),
    Place(
        "Next Chapter Learning Center",
        "4800 Peregrine Street",
        "Denver",
        "80216",
        True,
        "school",
        "Classrooms 1 to 4 on the first floor; computer lab in Room 5.",
        "Free parking lot; bus stop at the corner.",
    ),
    Place(
        "Green Mountain Trailhead Pavilion",
        "13000 Ridgeview Trail",
        "Lakewood",
        "80228",
        False,
        "park",
        "Outdoor pavilion on a gravel path. Bring a layer; it gets cool in the evening.",
    ),
    Place(
        "Sloan Lake Park Shelter",
        "1700 Lakeside Loop",
        "Denver",
        "80212",
        True,
        "park",
        "Paved path to the covered shelter. Moves inside to Grace Commons in bad weather.",
    ),
    Place(
        "Hampden Heights Baptist Church",
        "9650 Larch Avenue",
        "Denver",
        "80231",
        True,
        "church",
        "Fellowship Hall, follow the signs from the east parking lot.",
    ),
    Place(
        "Stapleton Fields Community Room",
        "8100 Bluestem Boulevard",
        "Denver",
        "80238",
        True,
        "school",
        "Ground floor, next to the park.",
    ),
    Place(
        "Southwest Family Center",
        "3900 Goldenrod Street",
        "Denver",
        "80236",
        True,
        "school",
        "Enter by the playground gate; family rooms are on the left.",
    ),
    Place(
        "Little Lanterns Family Care",
        "2160 Larkspur Street",
        "Denver",
        "80205",
        True,
        "house",
        "Next door to the recovery center; step-free entrance with a buzzer.",
    ),
    Place(
        "Centennial Hope Chapel",
        "7600 Sage Meadow Drive",
        "Centennial",
        "80112",
        True,
        "church",
        "Chapel annex, Room 3.",
    ),
    Place(
        "Highlands Ranch Wellness Commons",
        "920 Fox Hollow Road",
        "Highlands Ranch",
        "80129",
        True,
        "clinic",
        "Suite 110, first floor.",
    ),
    Place(
        "Lafayette Recovery Cottage",
        "305 Hollyhock Lane",
        "Lafayette",
        "80026",
        False,
        "house",
        "Small house with two steps at the door.",
    ),
    # Approximate areas: online groups that say roughly where they are, with
    # no street address, so they never count as in person.
    Place("Denver area (online group)", "", "Denver", "80202", False, "area"),
    Place("Aurora area (online group)", "", "Aurora", "80012", False, "area"),
    Place("Lakewood area (online group)", "", "Lakewood", "80226", False, "area"),
    Place("Boulder area (online group)", "", "Boulder", "80302", False, "area"),
    Place("Arvada area (online group)", "", "Arvada", "80002", False, "area"),
    Place("Littleton area (online group)", "", "Littleton", "80120", False, "area"),
)

PLACES_BY_KEY = {place.key: place for place in PLACES}
STREET_PLACES = tuple(place for place in PLACES if place.street_address)
AREA_PLACES = tuple(place for place in PLACES if not place.street_address)


class Org(NamedTuple):
    name: str
    description: str
    website: str = ""
    phone: str = ""
    email: str = ""
    service_area: str = ""  # for its online meetings; else the directory's


ORGANIZATIONS = (
    Org(
        CENTER,
        "A peer-run community center for people in recovery and their families.",
        "https://frontrange-recovery.example.org/",
        "303-555-0100",
        "hello@frontrange-recovery.example.org",
    ),
    Org(
        "High Plains AA Intergroup",
        "Answers questions about local AA meetings and keeps the meeting list up to date.",
        "https://highplains-aa.example.org/",
        "303-555-0101",
    ),
    Org(
        "Front Range Area of NA",
        "The local service body for Narcotics Anonymous groups.",
        "https://frontrange-na.example.org/",
        "303-555-0102",
    ),
    Org(
        "Mountain View Al-Anon District",
        "Al-Anon family groups for friends and relatives of people who drink.",
        "https://mountainview-alanon.example.org/",
        "720-555-0103",
    ),
    Org(
        "Front Range Nar-Anon Family Groups",
        "Nar-Anon family groups for friends and relatives of people who use drugs.",
        "https://frontrange-naranon.example.org/",
    ),
    Org(
        "SMART Recovery Denver Metro Facilitators",
        "Volunteer facilitators who run SMART Recovery meetings across the metro.",
        "https://smart-denver.example.org/",
    ),
    Org(
        "Recovery Dharma Front Range Sangha",
        "Peer-led meditation and recovery meetings.",
        "https://dharma-frontrange.example.org/",
        service_area="Boulder, CO, USA",
    ),
    Org(
        "Celebrate Recovery at Cornerstone",
        "A Christ-centered recovery program hosted by Cornerstone Community Church.",
        "https://cornerstone-cr.example.org/",
        "303-555-0107",
    ),
    Org(
        "Cocaine Anonymous Front Range Area",
        "Local Cocaine Anonymous groups and their hotline volunteers.",
        "https://frontrange-ca.example.org/",
        "720-555-0108",
    ),
    Org(
        "Crystal Meth Anonymous Front Range",
        "Local Crystal Meth Anonymous groups.",
        "https://frontrange-cma.example.org/",
    ),
    Org(
        "Open Road Volunteer Drivers",
        "Volunteers in recovery who give free rides to meetings and appointments.",
        "https://openroad-rides.example.org/",
        "303-555-0110",
        "rides@openroad-rides.example.org",
    ),
    Org(
        "Little Lanterns Family Care",
        "A licensed childcare cooperative for parents in recovery.",
        "https://littlelanterns.example.org/",
        "303-555-0111",
        "care@littlelanterns.example.org",
    ),
    Org(
        "Next Chapter Learning Collaborative",
        "Free classes in job skills, life skills and computers for adults in recovery.",
        "https://nextchapter.example.org/",
        "720-555-0112",
        "classes@nextchapter.example.org",
    ),
    Org(
        "Families Together in Recovery",
        "Education, groups and coaching for families of people who use alcohol or drugs.",
        "https://families-together.example.org/",
        "303-555-0113",
        "families@families-together.example.org",
    ),
    Org(
        "Peak Peer Support Network",
        "Certified peer recovery coaches with their own lived experience of recovery.",
        "https://peak-peers.example.org/",
        "720-555-0114",
    ),
)

# The area the directory serves: online meetings without a place are listed here.
SERVICE_AREA = "Denver, CO, USA"

# Who publishes the directory's meeting feed (its "entity" fields).
PUBLISHER = {
    "entity": CENTER,
    "entity_email": "hello@frontrange-recovery.example.org",
    "entity_location": "Denver, Colorado",
    "entity_phone": "303-555-0100",
    "entity_url": "https://frontrange-recovery.example.org/",
}

# Contacts give first names only; last names are never shown.
FIRST_NAMES = (
    "Maria",
    "James",
    "Aisha",
    "Tom",
    "Rosa",
    "Dev",
    "Keisha",
    "Luis",
    "Ann",
    "Sam",
    "Jordan",
    "Priya",
    "Carlos",
    "Beth",
    "Marcus",
    "Lena",
    "Hector",
    "Grace",
    "Omar",
    "Nina",
    "Tyrone",
    "Jess",
    "Ramon",
    "Kim",
    "Alex",
    "Dana",
)


def demo_phone(number):
    """A number in 555-0100 to 555-0199, the range set aside for fiction."""
    area = "303" if number % 2 else "720"
    return f"{area}-555-{100 + number % 100:04d}"
