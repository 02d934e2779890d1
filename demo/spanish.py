"""The demo's Spanish: what a center's translator would write for its pages.

load_demo translates the home page, the sections, the "For families" page, the
categories, every listing held in Spanish and the places they are held at
(directory.translations) the way
staff do: through wagtail-localize, whose translation of each page or
category is filled from TEXT (English text → Spanish) and published. Staff can
go on editing them in the admin's translation editor.

A listing title already written in Spanish ("Grupo Renacer (AA)") is its own
translation and need not be listed.
"""

TEXT = {
    # The home page and the ways into the directory
    "Find meetings and support near you": "Encuentre reuniones y apoyo cerca de usted",
    "Meetings": "Reuniones",
    "Mutual-aid meetings across the Denver metro: in person, online or both. "
    "Newcomers are always welcome.": "Reuniones de ayuda mutua en todo el área de Denver: "
    "en persona, en línea o ambas. Las personas nuevas siempre son bienvenidas.",
    "Rides": "Transporte",
    "Free and low-cost rides to meetings, treatment and appointments, often from "
    "volunteers in recovery.": "Transporte gratuito o de bajo costo a reuniones, "
    "tratamiento y citas, muchas veces con voluntarios en recuperación.",
    "Childcare": "Cuidado de niños",
    "Care for children while parents and caregivers go to meetings, classes and "
    "appointments.": "Cuidado de niños mientras los padres y cuidadores van a reuniones, "
    "clases y citas.",
    "Classes": "Clases",
    "Free classes in job skills, life skills, education and computers for people in "
    "recovery and their families.": "Clases gratuitas de habilidades laborales, habilidades "
    "para la vida, educación y computación para personas en recuperación y sus familias.",
    "Support": "Apoyo",
    "Peer recovery coaching, family programs and practical help, in person, by phone or "
    "online.": "Acompañamiento entre pares, programas para familias y ayuda práctica, en "
    "persona, por teléfono o en línea.",
    "For families": "Para familias",
    "Support for parents, partners, grandparents and friends of someone who drinks or uses "
    "drugs: family groups, Al-Anon and Nar-Anon, coaching and childcare.": "Apoyo para "
    "padres, parejas, abuelos y amigos de alguien que bebe o consume drogas: grupos "
    "familiares, Al-Anon y Nar-Anon, acompañamiento y cuidado de niños.",
    # Categories
    "Alcoholics Anonymous (AA)": "Alcohólicos Anónimos (AA)",
    "Narcotics Anonymous (NA)": "Narcóticos Anónimos (NA)",
    "Cocaine Anonymous (CA)": "Cocaína Anónimos (CA)",
    "Crystal Meth Anonymous (CMA)": "Crystal Meth Anónimos (CMA)",
    "Marijuana Anonymous (MA)": "Marihuana Anónimos (MA)",
    "Heroin Anonymous (HA)": "Heroína Anónimos (HA)",
    "Gamblers Anonymous (GA)": "Jugadores Anónimos (GA)",
    "LifeRing Secular Recovery": "LifeRing, recuperación laica",
    "Transportation": "Transporte",
    "Rides to meetings": "Transporte a reuniones",
    "Rides to treatment and appointments": "Transporte a tratamiento y citas",
    "Childcare during meetings and classes": "Cuidado de niños durante reuniones y clases",
    "Daytime childcare": "Cuidado de niños durante el día",
    "Job skills & classes": "Habilidades laborales y clases",
    "Job skills": "Habilidades laborales",
    "Life skills": "Habilidades para la vida",
    "Education and GED": "Educación y GED",
    "Computer skills": "Computación",
    "Family support": "Apoyo familiar",
    "Al-Anon family groups": "Grupos de familia Al-Anon",
    "Nar-Anon family groups": "Grupos de familia Nar-Anon",
    "Family groups": "Grupos familiares",
    "One-to-family coaching": "Acompañamiento para familias",
    "Peer support": "Apoyo entre pares",
    "Peer recovery coaching": "Acompañamiento de recuperación entre pares",
    "Recovery check-ins": "Llamadas de seguimiento",
    # Listing titles written in English
    "Rides to meetings in Aurora": "Transporte a reuniones en Aurora",
    "Rides to job interviews": "Transporte a entrevistas de trabajo",
    "Boulder County recovery rides": "Transporte de recuperación en el condado de Boulder",
    "Childcare during evening meetings at the center": "Cuidado de niños durante las "
    "reuniones de la tarde en el centro",
    "Saturday morning childcare": "Cuidado de niños los sábados por la mañana",
    "Kids' corner at Celebrate Recovery": "Rincón infantil en Celebrate Recovery",
    "Monday step study childcare": "Cuidado de niños durante el estudio de pasos del lunes",
    "Daytime childcare for parents in treatment": "Cuidado de niños durante el día para "
    "padres en tratamiento",
    "Montbello family night childcare": "Cuidado de niños en la noche familiar de Montbello",
    "Infant care during parenting classes": "Cuidado de bebés durante las clases para padres",
    "Childcare during Sunday meetings": "Cuidado de niños durante las reuniones del domingo",
    "Peer recovery coaching, drop-in": "Acompañamiento entre pares, sin cita",
    "Recovery check-in calls": "Llamadas de seguimiento en la recuperación",
    "Peer support at the hospital": "Apoyo entre pares en el hospital",
    "Naloxone training and free kits": "Capacitación en naloxona y kits gratuitos",
    "ID and benefits help": "Ayuda con identificación y beneficios",
    # Summaries
    "Reunión en español. An open AA meeting. Anyone is welcome, including people who are "
    "curious or who come to support someone. Held in Spanish. Format: 12 steps & 12 "
    "traditions.": "Reunión en español. Una reunión abierta de AA: todos son bienvenidos, "
    "también quienes sienten curiosidad o vienen a apoyar a alguien. Formato: 12 pasos y "
    "12 tradiciones.",
    "Reunión en español. An open AA meeting. Anyone is welcome, including people who are "
    "curious or who come to support someone. Held in Spanish. Format: big book.": "Reunión "
    "en español. Una reunión abierta de AA: todos son bienvenidos, también quienes sienten "
    "curiosidad o vienen a apoyar a alguien. Formato: Libro Grande.",
    "Reunión en español. An open AA meeting. Anyone is welcome, including people who are "
    "curious or who come to support someone. Held in Spanish. Format: grapevine.": "Reunión "
    "en español. Una reunión abierta de AA: todos son bienvenidos, también quienes sienten "
    "curiosidad o vienen a apoyar a alguien. Formato: La Viña.",
    "Reunión en español. An open NA meeting. Anyone is welcome, including family and "
    "friends. Held in Spanish. Format: speaker.": "Reunión en español. Una reunión abierta "
    "de NA: todos son bienvenidos, también familiares y amigos. Formato: orador.",
    "Reunión en español. Support for family and friends of someone whose drinking worries "
    "them. You don't have to talk; listening is fine. Held in Spanish. Format: speaker.": (
        "Reunión en español. Apoyo para familiares y amigos de alguien cuya forma de beber "
        "les preocupa. No tiene que hablar; escuchar está bien. Formato: orador."
    ),
    "Volunteer drivers take you to any meeting in Aurora and bring you home.": "Conductores "
    "voluntarios lo llevan a cualquier reunión en Aurora y lo traen de vuelta a casa.",
    "A ride to a job interview or your first week at a new job.": "Transporte a una "
    "entrevista de trabajo o durante su primera semana en un trabajo nuevo.",
    "Volunteer rides to meetings and appointments in Boulder County.": "Transporte con "
    "voluntarios a reuniones y citas en el condado de Boulder.",
    "Free care for children next door while parents attend evening meetings at the "
    "center.": "Cuidado gratuito de niños al lado, mientras los padres asisten a las "
    "reuniones de la tarde en el centro.",
    "Free care on Saturday mornings so parents can go to a meeting or a class.": "Cuidado "
    "gratuito los sábados por la mañana para que los padres puedan ir a una reunión o a "
    "una clase.",
    "Safe, fun care for children during Friday night Celebrate Recovery.": "Cuidado seguro "
    "y divertido para niños durante Celebrate Recovery los viernes por la noche.",
    "Care for children during the Monday Celebrate Recovery step study.": "Cuidado de "
    "niños durante el estudio de pasos de Celebrate Recovery los lunes.",
    "Licensed daytime care for children while a parent is in outpatient treatment.": (
        "Cuidado de niños con licencia durante el día mientras uno de los padres está en "
        "tratamiento ambulatorio."
    ),
    "Care during Thursday family night, with dinner for children.": "Cuidado durante la "
    "noche familiar de los jueves, con cena para los niños.",
    "Care for babies and toddlers during the parenting in recovery class.": "Cuidado de "
    "bebés y niños pequeños durante la clase de crianza en recuperación.",
    "Care during Sunday morning meetings at Trinity Lutheran.": "Cuidado durante las "
    "reuniones del domingo por la mañana en Trinity Lutheran.",
    "Talk with a peer recovery coach who has been there. No appointment needed.": "Hable "
    "con un acompañante de recuperación que ha pasado por lo mismo. No necesita cita.",
    "A friendly weekly phone call from a peer, to see how you are doing.": "Una llamada "
    "amistosa cada semana de un compañero, para saber cómo está.",
    "Peer recovery coaching in Spanish. Coaching de recuperación en español.": (
        "Acompañamiento de recuperación entre pares en español."
    ),
    "A peer coach meets people in the emergency department after an overdose or crisis.": (
        "Un acompañante entre pares recibe a las personas en la sala de emergencias después "
        "de una sobredosis o una crisis."
    ),
    "A family night in Spanish with dinner, support and information. Cena y apoyo para "
    "familias.": "Una noche familiar en español con cena, apoyo e información.",
    "Family coaching in Spanish. Coaching para familias en español.": "Acompañamiento para "
    "familias en español.",
    "Learn to recognize an overdose and use naloxone. Everyone takes home a free kit.": (
        "Aprenda a reconocer una sobredosis y a usar naloxona. Todos se llevan un kit gratis."
    ),
    "Help getting an ID, birth certificate, food benefits or health coverage.": "Ayuda para "
    "obtener una identificación, un acta de nacimiento, beneficios de alimentos o seguro "
    "médico.",
    # Descriptions, a paragraph at a time
    "If this is your first meeting, you don't need to say anything or sign up. People "
    "usually arrive a few minutes early for coffee and to say hello.": "Si es su primera "
    "reunión, no tiene que decir nada ni inscribirse. La gente suele llegar unos minutos "
    "antes para tomar café y saludar.",
    "Come in person or join online; both rooms share together.": "Venga en persona o "
    "conéctese en línea; las dos salas comparten juntas.",
    "Family groups are about your own wellbeing. You are welcome whether or not your loved "
    "one is in recovery.": "Los grupos familiares se tratan de su propio bienestar. Es "
    "bienvenido, esté o no su ser querido en recuperación.",
    "Drivers are volunteers who have passed a background check and a safe-driving course. "
    "You can bring a friend or a support person.": "Los conductores son voluntarios que "
    "pasaron una revisión de antecedentes y un curso de manejo seguro. Puede traer a un "
    "amigo o a una persona de apoyo.",
    "Caregivers are background-checked and trained in first aid. Please bring a snack and "
    "any medicine your child needs.": "Las cuidadoras tienen revisión de antecedentes y "
    "capacitación en primeros auxilios. Traiga un refrigerio y cualquier medicina que su "
    "hijo necesite.",
    "Everything you share stays private. You decide what to talk about and how often to "
    "come.": "Todo lo que comparta queda en privado. Usted decide de qué hablar y con qué "
    "frecuencia venir.",
    # Who can come, cost, notes
    "Anyone in or thinking about recovery.": "Cualquier persona en recuperación o que "
    "esté pensando en ella.",
    "Anyone who wants to stop drinking. Open meetings welcome everyone.": "Cualquier "
    "persona que quiera dejar de beber. Las reuniones abiertas reciben a todos.",
    "Anyone who wants to stop using drugs. Open meetings welcome everyone.": "Cualquier "
    "persona que quiera dejar de consumir drogas. Las reuniones abiertas reciben a todos.",
    "Children of parents and caregivers in recovery, or of family members attending a "
    "family group.": "Hijos de padres y cuidadores en recuperación, o de familiares que "
    "asisten a un grupo familiar.",
    "Family members and friends of someone who uses alcohol or drugs.": "Familiares y "
    "amigos de alguien que consume alcohol o drogas.",
    "People in recovery and family members going to recovery activities.": "Personas en "
    "recuperación y familiares que van a actividades de recuperación.",
    "Relatives and friends of a person who drinks, whether or not they are in recovery.": (
        "Familiares y amigos de una persona que bebe, esté o no en recuperación."
    ),
    "Donations are welcome but never expected.": "Las donaciones son bienvenidas, pero "
    "nunca obligatorias.",
    "Business meeting on the first Sunday of the month.": "Reunión de servicio el primer "
    "domingo del mes.",
    "Group conscience meets after the meeting in the last week of the month.": "La "
    "conciencia de grupo se reúne después de la reunión en la última semana del mes.",
    "Newcomer packets are on the literature table.": "Los paquetes para recién llegados "
    "están en la mesa de literatura.",
    "Meeting ID 630 875 770, passcode 5860": "ID de reunión 630 875 770, código 5860",
    "Call or text Jess at least 24 hours before your ride.": "Llame o envíe un mensaje a "
    "Jess al menos 24 horas antes de su viaje.",
    "Call or text Omar at least 48 hours before your ride.": "Llame o envíe un mensaje a "
    "Omar al menos 48 horas antes de su viaje.",
    "Call or text Tyrone at least 24 hours before your ride.": "Llame o envíe un mensaje a "
    "Tyrone al menos 24 horas antes de su viaje.",
    "Aurora, within 10 miles of the Aurora Annex.": "Aurora, a menos de 10 millas del "
    "Aurora Annex.",
    "Boulder, Longmont, Lafayette and Louisville.": "Boulder, Longmont, Lafayette y Louisville.",
    "Denver metro.": "Área metropolitana de Denver.",
    # The places of the listings held in Spanish: names where Spanish speakers say
    # them differently (a building's own name stays), and the notes on getting there
    "Front Range Recovery Community Center": "Centro Comunitario de Recuperación Front Range",
    "Step-free entrance on the north side. All meeting rooms are on the first floor.": "Entrada "
    "sin escalones por el lado norte. Todas las salas de reunión están en la planta baja.",
    "A bus stop is at the corner. Bike racks are by the front door.": "Hay una parada de "
    "autobús en la esquina. Los estacionamientos para bicicletas están junto a la puerta "
    "principal.",
    "Front Range Recovery Center, Aurora Annex": "Centro de Recuperación Front Range, "
    "anexo de Aurora",
    "Ramp at the main door. Room B is next to the lobby.": "Rampa en la puerta principal. "
    "La sala B está junto al vestíbulo.",
    "Free parking behind the building.": "Estacionamiento gratuito detrás del edificio.",
    "Clear Creek Library": "Biblioteca Clear Creek",
    "Meeting room on the lower level; the elevator is by the front desk.": "Sala de reuniones "
    "en el nivel inferior; el elevador está junto al mostrador de entrada.",
    "Northglenn Family Health Center": "Centro de Salud Familiar de Northglenn",
    "Enter through the east doors after 5 pm.": "Después de las 5 pm, entre por las puertas "
    "del lado este.",
    "Elevator to the second-floor library room.": "Elevador a la sala de la biblioteca en el "
    "segundo piso.",
    "Shoes off in the meditation room; chairs and cushions are both available.": "Sin zapatos "
    "en la sala de meditación; hay sillas y cojines.",
    "All on one level. The back room is quieter.": "Todo en un solo nivel. La sala del fondo "
    "es más tranquila.",
    "Bus stop across the street.": "Parada de autobús enfrente.",
    "Suite 110, first floor.": "Oficina 110, planta baja.",
    "Montbello Community Center": "Centro Comunitario de Montbello",
    "Room 104, past the gym.": "Sala 104, pasando el gimnasio.",
    "Next door to the recovery center; step-free entrance with a buzzer.": "Al lado del centro "
    "de recuperación; entrada sin escalones con timbre.",
    "Celebrate Recovery meets in the Family Life Center, the building on the left.": "Celebrate "
    "Recovery se reúne en el Family Life Center, el edificio de la izquierda.",
    "Large free parking lot.": "Estacionamiento grande y gratuito.",
    "Commerce City Family Resource Center": "Centro de Recursos Familiares de Commerce City",
    "Family Room at the end of the main hallway.": "Sala Familiar al final del pasillo principal.",
    "Southwest Family Center": "Centro Familiar Southwest",
    "Enter by the playground gate; family rooms are on the left.": "Entre por la reja del "
    "parque infantil; las salas para familias están a la izquierda.",
    "Platte Valley Health Campus": "Campus de Salud Platte Valley",
    "Building C, Conference Room 2. Ask at the front desk for a visitor badge.": "Edificio C, "
    "Sala de Conferencias 2. Pida un gafete de visitante en la recepción.",
    "Free parking in the visitor garage for the first two hours.": "Estacionamiento gratuito "
    "en el garaje de visitantes durante las dos primeras horas.",
    "Back room behind the counter. Coffee is free for anyone in recovery.": "Sala del fondo, "
    "detrás del mostrador. El café es gratis para toda persona en recuperación.",
    "Light rail stop one block away.": "Parada del tren ligero a una cuadra.",
    "Sable Ridge Library": "Biblioteca Sable Ridge",
    "Study rooms are on the main floor next to the children's area.": "Las salas de estudio "
    "están en la planta principal, junto al área infantil.",
}
