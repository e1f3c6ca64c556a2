"""Place names the rules know without the model: the world's countries beyond those with
a demonym in worker.facts.lexicon, and the cities news most often names for their
governments, markets and institutions ("Budapest said", "in Copenhagen")."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MORE_COUNTRIES: frozenset[str] = frozenset(
    {
        *_words(
            """
            Cameroon Congo Angola Mozambique Guinea-Bissau Guinea Liberia Gabon Eritrea
            Djibouti Madagascar Malawi Botswana Namibia Lesotho Eswatini Fiji Honduras
            Guatemala Nicaragua Barbados Bahamas Belize Guyana Suriname Bhutan Maldives
            Brunei Timor-Leste Monaco Andorra Liechtenstein Benin Togo Burundi Comoros
            Mauritius Seychelles Samoa Tonga Vanuatu Kiribati Nauru Tuvalu Palau
            Micronesia Greenland Gambia Mauritania Cuba Dominica Grenada Bahrain
            """
        ),
        "Ivory Coast",
        "South Sudan",
        "Sierra Leone",
        "Burkina Faso",
        "Papua New Guinea",
        "El Salvador",
        "Costa Rica",
        "Dominican Republic",
        "Trinidad and Tobago",
        "East Timor",
        "San Marino",
        "Equatorial Guinea",
        "Cape Verde",
        "Solomon Islands",
        "Marshall Islands",
        "Northern Ireland",
        "Puerto Rico",
        "Central African Republic",
        "Democratic Republic of Congo",
        "Democratic Republic of the Congo",
        "United States",
        "United Kingdom",
        "United Arab Emirates",
    }
)

# Capitals and the largest cities of news, one word or several; a city that also names a
# sports club ("Liverpool") is left to the side rules, which come after.
CITIES: frozenset[str] = frozenset(
    {
        *_words(
            """
            Abuja Accra Addis Algiers Amman Amsterdam Ankara Athens Baghdad Baku Bamako
            Bangkok Beijing Beirut Belgrade Berlin Bern Bogota Brasilia Bratislava
            Brussels Bucharest Budapest Cairo Canberra Caracas Chisinau Copenhagen Dakar
            Damascus Dhaka Doha Dublin Dushanbe Freetown Geneva Hanoi Harare Havana
            Helsinki Islamabad Jakarta Jerusalem Juba Kabul Kampala Kathmandu Khartoum
            Kigali Kinshasa Kyiv Kiev Lagos Lima Lisbon Ljubljana London Luanda Lusaka
            Madrid Managua Manila Maputo Minsk Mogadishu Montevideo Moscow Muscat Nairobi
            Naypyidaw Niamey Nicosia Oslo Ottawa Paris Podgorica Prague Pretoria Pyongyang
            Quito Rabat Reykjavik Riga Riyadh Rome Santiago Sarajevo Seoul Skopje Sofia
            Stockholm Taipei Tallinn Tashkent Tbilisi Tehran Tirana Tokyo Tripoli Tunis
            Ulaanbaatar Vienna Vientiane Vilnius Warsaw Washington Wellington Windhoek
            Yaounde Yerevan Zagreb Antwerp Atlanta Auckland Barcelona Basel Boston Chicago
            Dallas Detroit Dubai Edinburgh Frankfurt Gdansk Glasgow Guangzhou Hamburg
            Houston Istanbul Jeddah Johannesburg Karachi Kolkata Lahore Lyon Marseille
            Melbourne Miami Milan Montreal Mumbai Munich Naples Osaka Philadelphia
            Rotterdam Seattle Shanghai Shenzhen Singapore Stuttgart Sydney Toronto Turin
            Vancouver Zurich Cologne Dusseldorf Krakow Odesa Odessa Kharkiv
            Chennai Bangalore Bengaluru Hyderabad Wuhan Chengdu Tianjin Chongqing Busan
            Yokohama Nagoya Kyoto Perth Brisbane Adelaide Calgary Strasbourg
            Luxembourg Gaza Ramallah Aleppo Mosul Basra Benghazi Mombasa Casablanca
            Manchester Marseille
            Dresden Florence
            Venice Izmir Ankara Antalya Thessaloniki Bucharest Kazan
            Novosibirsk Yekaterinburg Vladivostok Dnipro Lviv Zaporizhzhia Kherson
            Mariupol Donetsk Luhansk Bakhmut Sevastopol Tallinn Haifa Tabriz Isfahan Mashhad
            Shiraz Peshawar Quetta Kandahar Herat Chittagong Kochi Pune Ahmedabad Jaipur
            Lucknow Surat Colombo Yangon Mandalay Medan Surabaya Bandung Cebu Davao
            Incheon Daegu Sapporo Fukuoka Kobe Hiroshima Nagasaki Okinawa Xiamen Hangzhou
            Nanjing Suzhou Harbin Shenyang Dalian Qingdao Kunming Lhasa Urumqi Macau
            Goma Bukavu Lubumbashi Kano Ibadan Kumasi Durban Khartoum Omdurman Darfur
            Asmara Djibouti Mogadishu Hargeisa Tijuana Guadalajara Monterrey Cancun
            Medellin Cali Cartagena Valparaiso Cordoba Rosario Recife Salvador Manaus
            Fortaleza Curitiba Denver Phoenix Austin Minneapolis Detroit Pittsburgh
            Baltimore Cleveland Cincinnati Milwaukee Nashville Memphis Orlando Tampa
            Sacramento Portland Honolulu Anchorage Quebec Winnipeg Edmonton Halifax Darwin
            Hobart Christchurch
            """
        ),
        "Addis Ababa",
        "Buenos Aires",
        "Kuala Lumpur",
        "Mexico City",
        "New Delhi",
        "Phnom Penh",
        "San Salvador",
        "Santo Domingo",
        "Sao Paulo",
        "Rio de Janeiro",
        "Tel Aviv",
        "The Hague",
        "Abu Dhabi",
        "Hong Kong",
        "Los Angeles",
        "New York",
        "San Francisco",
        "Cape Town",
        "Ho Chi Minh City",
        "Kuwait City",
        "Guatemala City",
        "Panama City",
        "St Petersburg",
        "St. Petersburg",
        "Belo Horizonte",
        "Port-au-Prince",
    }
)

# States and provinces news names like countries ("losses in Uttar Pradesh", "Texas
# sued"): the first-level divisions of the largest federations. Names that are as often a
# person's or a country's are left out ("Georgia", "Victoria", "Virginia", "Montana").
REGIONS: frozenset[str] = frozenset(
    {
        *_words(
            """
            Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida
            Hawaii Idaho Illinois Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts
            Michigan Minnesota Mississippi Missouri Nebraska Nevada Ohio Oklahoma Oregon
            Pennsylvania Tennessee Texas Utah Vermont Wisconsin Wyoming
            Alberta Ontario Manitoba Saskatchewan Nunavut Yukon
            Queensland Tasmania
            Bihar Kerala Punjab Assam Gujarat Maharashtra Rajasthan Karnataka Odisha Telangana
            Haryana Jharkhand Chhattisgarh Uttarakhand Manipur Goa Sindh Balochistan
            Bavaria Saxony Thuringia Hesse Brandenburg
            Catalonia Andalusia Lombardy Sicily Sardinia Bali
            Xinjiang Tibet Sichuan Guangdong Hubei Henan Yunnan Fujian Zhejiang Jiangsu
            Shandong Hebei Shanxi Shaanxi Hunan Jiangxi Anhui Liaoning Jilin Heilongjiang
            Guangxi Hainan Guizhou Gansu Qinghai Ningxia
            Chechnya Dagestan Tatarstan Crimea Tigray Amhara Idlib
            """
        ),
        "New York State",
        "New Jersey",
        "New Mexico",
        "New Hampshire",
        "North Carolina",
        "South Carolina",
        "North Dakota",
        "South Dakota",
        "West Virginia",
        "Rhode Island",
        "British Columbia",
        "Nova Scotia",
        "New Brunswick",
        "Prince Edward Island",
        "New South Wales",
        "Western Australia",
        "South Australia",
        "Northern Territory",
        "Uttar Pradesh",
        "Madhya Pradesh",
        "Andhra Pradesh",
        "Himachal Pradesh",
        "Arunachal Pradesh",
        "Tamil Nadu",
        "West Bengal",
        "Jammu and Kashmir",
        "Khyber Pakhtunkhwa",
        "North Rhine-Westphalia",
        "Baden-Wurttemberg",
        "Baden-Württemberg",
        "Inner Mongolia",
        "Basque Country",
        "Lower Saxony",
    }
)

# Continents, regions, seas, rivers, mountains, islands and heavenly bodies that news
# names on their own (OntoNotes LOC): "the Danube", "on Java", "the Moon". Names that are
# as often a company or a country are left out ("Amazon", "Jordan", "Georgia"), and so are
# islands and regions that are states or provinces ("Sicily", "Bali", "Punjab": GPE).
LOCATIONS: frozenset[str] = frozenset(
    {
        *_words(
            """
            Europe Asia Africa Antarctica Oceania Eurasia Arctic Antarctic Atlantic
            Pacific Mediterranean Caribbean Balkans Caucasus Sahel Sahara Siberia
            Patagonia Scandinavia Himalayas Alps Andes Rockies Pyrenees Urals Carpathians
            Appalachians Danube Rhine Nile Thames Seine Loire Elbe Oder Vistula Volga Dnieper
            Don Yangtze Mekong Ganges Indus Brahmaputra Euphrates Tigris Mississippi Missouri
            Zambezi Limpopo Orinoco Java Sumatra Borneo Sulawesi Luzon
            Mindanao Honshu Kyushu
            Moon Mars Venus Jupiter Saturn Mercury Pluto Everest
            Kilimanjaro Pilbara Outback Indo-Pacific Levant Maghreb Anatolia
            Galilee Sinai Negev Gobi Kalahari Amazonia
            Mesopotamia Midwest Appalachia
            """
        ),
        "Middle East",
        "Far East",
        "South China Sea",
        "East China Sea",
        "North Sea",
        "Baltic Sea",
        "Black Sea",
        "Red Sea",
        "Dead Sea",
        "Caspian Sea",
        "Persian Gulf",
        "Gulf of Mexico",
        "Horn of Africa",
        "West Bank",
        "Gaza Strip",
        "Korean Peninsula",
        "Iberian Peninsula",
        "Southeast Asia",
        "Central Asia",
        "South Asia",
        "East Asia",
        "Latin America",
        "North America",
        "South America",
        "Central America",
        "Sub-Saharan Africa",
        "West Africa",
        "East Africa",
        "North Africa",
        "Southern Africa",
        "Eastern Europe",
        "Western Europe",
        "Central Europe",
        "Silicon Valley",
    }
)

# Facilities news names by their name alone: airports, stadiums and grounds, museums and
# landmarks ("flights from Heathrow", "at Wembley", "the Louvre"). Names that are also a
# club, a company, a government or a person's usual name ("Pentagon", "Kremlin", "Elysee",
# "Charles de Gaulle") are left out.
FACILITIES: frozenset[str] = frozenset(
    {
        *_words(
            """
            Heathrow Gatwick Stansted Schiphol Changi Narita Haneda LaGuardia
            Dulles Fiumicino Barajas Orly O'Hare Wembley Anfield Twickenham Murrayfield
            Hampden Bernabeu Maracana Louvre Rijksmuseum Uffizi Prado Colosseum Acropolis
            Parthenon Stonehenge Alhambra Reichstag
            """
        ),
        "Old Trafford",
        "Camp Nou",
        "Croke Park",
        "Stamford Bridge",
        "Santiago Bernabeu",
        "Centre Court",
        "Madison Square Garden",
        "Wall Street",
        "Times Square",
        "Eiffel Tower",
        "Big Ben",
        "Taj Mahal",
        "Brandenburg Gate",
        "Sistine Chapel",
        "St Peter's Basilica",
        "St. Peter's Basilica",
        "St Peter's Square",
        "St. Peter's Square",
        "Buckingham Palace",
        "Tower Bridge",
        "Golden Gate Bridge",
        "Hoover Dam",
        "Panama Canal",
        "Suez Canal",
        "Notre Dame",
        "Notre-Dame",
        "Champs-Elysees",
        "Red Square",
        "Tiananmen Square",
        "Statue of Liberty",
        "Empire State Building",
        "Sydney Opera House",
        "Burj Khalifa",
        "Grand Central",
        "Penn Station",
        "Gare du Nord",
        "St Pancras",
        "King's Cross",
        "Fukushima Daiichi",
    }
)

# Events news names by their name alone, recurring ones mostly: tournaments, festivals,
# pilgrimages and days of history ("the Hajj", "D-Day", "at Glastonbury"). Names that
# are also a place or an organization ("Wimbledon", "Davos", "FIFA") are left out.
EVENTS: frozenset[str] = frozenset(
    {
        *_words(
            """
            D-Day Hajj Umrah Olympics Paralympics Eurovision Glastonbury Coachella
            Oktoberfest Computex Wrestlemania Holocaust Ashes CES WWDC SXSW Gamescom MWC
            Diwali Holi
            """
        ),
        "Super Bowl",
        "World Cup",
        "Six Nations",
        "Tour de France",
        "Giro d'Italia",
        "Vuelta a Espana",
        "Ryder Cup",
        "Davis Cup",
        "Stanley Cup",
        "World Series",
        "NBA Finals",
        "Met Gala",
        "Mardi Gras",
        "Kumbh Mela",
        "Burning Man",
        "Trooping the Colour",
        "State of the Union",
        "Mobile World Congress",
        "Web Summit",
        "Cold War",
        "Arab Spring",
        "Golden Globes",
        "Winter Olympics",
        "Summer Olympics",
        "Winter Paralympics",
        "Eid al-Fitr",
        "Eid al-Adha",
        "Maha Kumbh",
        # Races, tournaments, fairs and festivals news names without an event's word.
        "Masters",
        "Paris-Roubaix",
        "Milan-San Remo",
        "Indy 500",
        "Indianapolis 500",
        "Daytona 500",
        "Grand National",
        "Kentucky Derby",
        "Sundance",
        "Berlinale",
        "Art Basel",
        "Frieze",
        "Lollapalooza",
        "Edinburgh Fringe",
        "Edinburgh Festival Fringe",
        "Google I/O",
        "Meta Connect",
        "Dreamforce",
        "Farnborough Airshow",
        "Farnborough International Airshow",
        "Paris Air Show",
        "Munich Security Conference",
        "Shangri-La Dialogue",
    }
)
