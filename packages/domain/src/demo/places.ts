import type { Random } from './random.js';

/** A town where urban demo practices cluster around the centre. */
export interface DemoTown {
  readonly name: string;
  /** The town centre (WGS84). */
  readonly latitude: number;
  readonly longitude: number;
  /** How far from the centre practices typically sit (one standard deviation), in km. */
  readonly spreadKm: number;
  /** Postcode districts (outward codes) of the town. */
  readonly districts: readonly string[];
  /** Neighbourhoods, for addresses and branch names. */
  readonly localities: readonly string[];
  /** A telephone number range Ofcom keeps for drama and examples, so no real line rings. */
  readonly phonePrefix: string;
  /** Share of the organisation's urban practices in this town. */
  readonly weight: number;
}

/** Countryside where rural demo practices are spread out. */
export interface DemoRuralArea {
  readonly name: string;
  /** A box around the area (WGS84 degrees). */
  readonly south: number;
  readonly north: number;
  readonly west: number;
  readonly east: number;
  readonly districts: readonly string[];
  readonly villages: readonly string[];
  readonly phonePrefix: string;
}

/** Where one demo organisation is: its NHS England region, towns and countryside. */
export interface DemoPlace {
  readonly region: string;
  readonly towns: readonly DemoTown[];
  readonly rural: DemoRuralArea;
}

// Ofcom's drama ranges: 0121 496 0000-0999 (Birmingham), 0161 496 (Manchester), 0113 496
// (Leeds), 0117 496 (Bristol), 0191 498 (Tyneside) and 01632 960 (no real area).
const BIRMINGHAM = '0121 496 0';
const MANCHESTER = '0161 496 0';
const LEEDS = '0113 496 0';
const BRISTOL = '0117 496 0';
const TYNESIDE = '0191 498 0';
const NO_AREA = '01632 960';

const midlands: DemoPlace = {
  region: 'Midlands',
  towns: [
    {
      name: 'Birmingham',
      latitude: 52.4814,
      longitude: -1.8998,
      spreadKm: 4,
      districts:
        'B5 B6 B7 B8 B9 B10 B11 B12 B13 B14 B15 B16 B17 B18 B19 B20 B21 B23 B24 B25 B26 B27 B28 B29 B30 B31 B32 B33 B34 B36 B42 B44'.split(
          ' ',
        ),
      localities: [
        'Edgbaston',
        'Harborne',
        'Moseley',
        'Kings Heath',
        'Selly Oak',
        'Northfield',
        'Erdington',
        'Handsworth',
        'Small Heath',
        'Sparkhill',
        'Acocks Green',
        'Hall Green',
        'Kingstanding',
        'Bordesley Green',
        'Stirchley',
        'Quinton',
      ],
      phonePrefix: BIRMINGHAM,
      weight: 0.45,
    },
    {
      name: 'Solihull',
      latitude: 52.413,
      longitude: -1.778,
      spreadKm: 2,
      districts: ['B90', 'B91', 'B92', 'B93'],
      localities: ['Shirley', 'Olton', 'Knowle', 'Dorridge', 'Elmdon'],
      phonePrefix: BIRMINGHAM,
      weight: 0.12,
    },
    {
      name: 'Sutton Coldfield',
      latitude: 52.563,
      longitude: -1.822,
      spreadKm: 2,
      districts: ['B72', 'B73', 'B74', 'B75', 'B76'],
      localities: ['Boldmere', 'Wylde Green', 'Mere Green', 'Walmley', 'Four Oaks'],
      phonePrefix: BIRMINGHAM,
      weight: 0.1,
    },
    {
      name: 'Walsall',
      latitude: 52.586,
      longitude: -1.982,
      spreadKm: 2,
      districts: ['WS1', 'WS2', 'WS3', 'WS4', 'WS5'],
      localities: ['Bloxwich', 'Aldridge', 'Pleck', 'Caldmore', 'Willenhall'],
      phonePrefix: NO_AREA,
      weight: 0.12,
    },
    {
      name: 'Wolverhampton',
      latitude: 52.587,
      longitude: -2.129,
      spreadKm: 2.5,
      districts: ['WV1', 'WV2', 'WV3', 'WV4', 'WV6', 'WV10', 'WV11'],
      localities: ['Tettenhall', 'Penn', 'Wednesfield', 'Bilston', 'Whitmore Reans'],
      phonePrefix: NO_AREA,
      weight: 0.13,
    },
    {
      name: 'Dudley',
      latitude: 52.512,
      longitude: -2.081,
      spreadKm: 2,
      districts: ['DY1', 'DY2', 'DY3', 'DY5', 'DY8', 'DY9'],
      localities: ['Netherton', 'Sedgley', 'Brierley Hill', 'Stourbridge', 'Lye'],
      phonePrefix: NO_AREA,
      weight: 0.08,
    },
  ],
  rural: {
    name: 'Worcestershire and south Warwickshire',
    south: 52.05,
    north: 52.4,
    west: -2.3,
    east: -1.6,
    districts: 'WR7 WR9 WR10 WR11 B49 B50 B60 B61 B80 B95 B96 CV35 CV36 CV37'.split(' '),
    villages: [
      'Alcester',
      'Inkberrow',
      'Feckenham',
      'Claverdon',
      'Wootton Wawen',
      'Henley-in-Arden',
      'Bidford-on-Avon',
      'Pershore',
      'Tanworth-in-Arden',
      'Ombersley',
      'Wellesbourne',
      'Kineton',
    ],
    phonePrefix: NO_AREA,
  },
};

const northWest: DemoPlace = {
  region: 'North West',
  towns: [
    {
      name: 'Manchester',
      latitude: 53.4808,
      longitude: -2.2426,
      spreadKm: 3.5,
      districts: 'M8 M9 M11 M12 M13 M14 M15 M16 M18 M19 M20 M21 M22 M23 M40'.split(' '),
      localities: [
        'Longsight',
        'Levenshulme',
        'Didsbury',
        'Chorlton',
        'Moss Side',
        'Gorton',
        'Withington',
        'Burnage',
        'Wythenshawe',
        'Harpurhey',
      ],
      phonePrefix: MANCHESTER,
      weight: 0.55,
    },
    {
      name: 'Stockport',
      latitude: 53.4106,
      longitude: -2.1575,
      spreadKm: 2,
      districts: ['SK1', 'SK2', 'SK3', 'SK4', 'SK5', 'SK7'],
      localities: ['Heaton Moor', 'Edgeley', 'Cheadle', 'Bramhall', 'Marple'],
      phonePrefix: MANCHESTER,
      weight: 0.25,
    },
    {
      name: 'Oldham',
      latitude: 53.5409,
      longitude: -2.1114,
      spreadKm: 2,
      districts: ['OL1', 'OL4', 'OL8', 'OL9'],
      localities: ['Chadderton', 'Royton', 'Failsworth', 'Lees'],
      phonePrefix: MANCHESTER,
      weight: 0.2,
    },
  ],
  rural: {
    name: 'High Peak and east Cheshire',
    south: 53.2,
    north: 53.45,
    west: -2.1,
    east: -1.8,
    districts: ['SK10', 'SK11', 'SK17', 'SK22', 'SK23'],
    villages: [
      'Bollington',
      'Chinley',
      'Hayfield',
      'Whaley Bridge',
      'Chapel-en-le-Frith',
      'Tideswell',
    ],
    phonePrefix: NO_AREA,
  },
};

const yorkshire: DemoPlace = {
  region: 'North East and Yorkshire',
  towns: [
    {
      name: 'Leeds',
      latitude: 53.7997,
      longitude: -1.5492,
      spreadKm: 3.5,
      districts: 'LS4 LS5 LS6 LS7 LS8 LS9 LS11 LS12 LS13 LS14 LS15 LS16 LS17 LS18'.split(' '),
      localities: [
        'Headingley',
        'Chapeltown',
        'Harehills',
        'Armley',
        'Beeston',
        'Roundhay',
        'Seacroft',
        'Horsforth',
        'Bramley',
        'Moortown',
      ],
      phonePrefix: LEEDS,
      weight: 0.55,
    },
    {
      name: 'Bradford',
      latitude: 53.795,
      longitude: -1.7594,
      spreadKm: 2.5,
      districts: ['BD1', 'BD2', 'BD3', 'BD5', 'BD8', 'BD9', 'BD10'],
      localities: ['Manningham', 'Little Horton', 'Shipley', 'Idle', 'Heaton'],
      phonePrefix: NO_AREA,
      weight: 0.3,
    },
    {
      name: 'Wakefield',
      latitude: 53.6833,
      longitude: -1.4977,
      spreadKm: 2,
      districts: ['WF1', 'WF2', 'WF3', 'WF4'],
      localities: ['Ossett', 'Horbury', 'Outwood', 'Sandal'],
      phonePrefix: NO_AREA,
      weight: 0.15,
    },
  ],
  rural: {
    name: 'Yorkshire Dales',
    south: 53.9,
    north: 54.25,
    west: -2.15,
    east: -1.7,
    districts: ['BD23', 'BD24', 'HG3', 'HG4', 'DL8'],
    villages: ['Grassington', 'Settle', 'Pateley Bridge', 'Masham', 'Leyburn', 'Hawes'],
    phonePrefix: NO_AREA,
  },
};

const bristol: DemoPlace = {
  region: 'South West',
  towns: [
    {
      name: 'Bristol',
      latitude: 51.4545,
      longitude: -2.5879,
      spreadKm: 3,
      districts: 'BS2 BS3 BS4 BS5 BS6 BS7 BS8 BS9 BS10 BS13 BS14 BS15 BS16'.split(' '),
      localities: [
        'Bedminster',
        'Easton',
        'Fishponds',
        'Southmead',
        'Knowle',
        'Horfield',
        'Redland',
        'Hartcliffe',
        'St Pauls',
        'Clifton',
      ],
      phonePrefix: BRISTOL,
      weight: 0.75,
    },
    {
      name: 'Bath',
      latitude: 51.3811,
      longitude: -2.359,
      spreadKm: 1.5,
      districts: ['BA1', 'BA2'],
      localities: ['Oldfield Park', 'Larkhall', 'Combe Down', 'Weston'],
      phonePrefix: NO_AREA,
      weight: 0.25,
    },
  ],
  rural: {
    name: 'Mendip and the Chew Valley',
    south: 51.15,
    north: 51.38,
    west: -2.75,
    east: -2.35,
    districts: ['BA3', 'BA4', 'BA5', 'BS39', 'BS40'],
    villages: ['Chew Magna', 'Wells', 'Shepton Mallet', 'Midsomer Norton', 'Cheddar', 'Blagdon'],
    phonePrefix: NO_AREA,
  },
};

const solent: DemoPlace = {
  region: 'South East',
  towns: [
    {
      name: 'Portsmouth',
      latitude: 50.8198,
      longitude: -1.088,
      spreadKm: 2,
      districts: ['PO1', 'PO2', 'PO3', 'PO4', 'PO5', 'PO6'],
      localities: ['Southsea', 'Fratton', 'Cosham', 'North End', 'Milton'],
      phonePrefix: NO_AREA,
      weight: 0.5,
    },
    {
      name: 'Gosport',
      latitude: 50.7948,
      longitude: -1.1243,
      spreadKm: 1.5,
      districts: ['PO12', 'PO13'],
      localities: ['Alverstoke', 'Bridgemary', 'Lee-on-the-Solent', 'Elson'],
      phonePrefix: NO_AREA,
      weight: 0.3,
    },
    {
      name: 'Fareham',
      latitude: 50.8548,
      longitude: -1.1866,
      spreadKm: 1.5,
      districts: ['PO14', 'PO15', 'PO16'],
      localities: ['Portchester', 'Stubbington', 'Titchfield'],
      phonePrefix: NO_AREA,
      weight: 0.2,
    },
  ],
  rural: {
    name: 'Meon Valley',
    south: 50.9,
    north: 51.05,
    west: -1.25,
    east: -0.95,
    districts: ['SO24', 'SO32', 'GU32', 'PO7', 'PO8'],
    villages: ["Bishop's Waltham", 'Droxford', 'Wickham', 'Clanfield', 'Hambledon', 'East Meon'],
    phonePrefix: NO_AREA,
  },
};

const norfolk: DemoPlace = {
  region: 'East of England',
  towns: [
    {
      name: 'Norwich',
      latitude: 52.6309,
      longitude: 1.2974,
      spreadKm: 2.5,
      districts: ['NR1', 'NR2', 'NR3', 'NR4', 'NR5', 'NR6', 'NR7'],
      localities: [
        'Lakenham',
        'Heartsease',
        'Eaton',
        'Mile Cross',
        'Thorpe St Andrew',
        'Costessey',
      ],
      phonePrefix: NO_AREA,
      weight: 0.7,
    },
    {
      name: 'Great Yarmouth',
      latitude: 52.6083,
      longitude: 1.7305,
      spreadKm: 1.5,
      districts: ['NR29', 'NR30', 'NR31'],
      localities: ['Gorleston', 'Caister', 'Bradwell'],
      phonePrefix: NO_AREA,
      weight: 0.3,
    },
  ],
  rural: {
    name: 'Broadland and mid Norfolk',
    south: 52.55,
    north: 52.9,
    west: 0.9,
    east: 1.55,
    districts: ['NR9', 'NR10', 'NR11', 'NR12', 'NR13', 'NR20'],
    villages: ['Aylsham', 'Reepham', 'Wroxham', 'Acle', 'Dereham', 'Hingham'],
    phonePrefix: NO_AREA,
  },
};

const tyneside: DemoPlace = {
  region: 'North East and Yorkshire',
  towns: [
    {
      name: 'Newcastle upon Tyne',
      latitude: 54.9783,
      longitude: -1.6178,
      spreadKm: 3,
      districts: ['NE1', 'NE2', 'NE3', 'NE4', 'NE5', 'NE6', 'NE7', 'NE15'],
      localities: ['Heaton', 'Jesmond', 'Fenham', 'Benwell', 'Walker', 'Byker', 'Gosforth'],
      phonePrefix: TYNESIDE,
      weight: 0.6,
    },
    {
      name: 'Sunderland',
      latitude: 54.9069,
      longitude: -1.3838,
      spreadKm: 2,
      districts: ['SR1', 'SR2', 'SR3', 'SR4', 'SR5', 'SR6'],
      localities: ['Roker', 'Hendon', 'Pallion', 'Southwick'],
      phonePrefix: TYNESIDE,
      weight: 0.4,
    },
  ],
  rural: {
    name: 'Tynedale',
    south: 54.92,
    north: 55.3,
    west: -2.3,
    east: -1.75,
    districts: ['NE46', 'NE47', 'NE48', 'NE61', 'NE65'],
    villages: ['Hexham', 'Haltwhistle', 'Bellingham', 'Corbridge', 'Rothbury', 'Allendale'],
    phonePrefix: NO_AREA,
  },
};

const devon: DemoPlace = {
  region: 'South West',
  towns: [
    {
      name: 'Plymouth',
      latitude: 50.3755,
      longitude: -4.1427,
      spreadKm: 2.5,
      districts: ['PL1', 'PL2', 'PL3', 'PL4', 'PL5', 'PL6', 'PL7'],
      localities: ['Stonehouse', 'Devonport', 'Plympton', 'St Budeaux', 'Mutley', 'Stoke'],
      phonePrefix: NO_AREA,
      weight: 0.6,
    },
    {
      name: 'Exeter',
      latitude: 50.7184,
      longitude: -3.5339,
      spreadKm: 2,
      districts: ['EX1', 'EX2', 'EX4'],
      localities: ['Heavitree', 'St Thomas', 'Pinhoe', 'Alphington'],
      phonePrefix: NO_AREA,
      weight: 0.4,
    },
  ],
  rural: {
    name: 'Dartmoor',
    south: 50.5,
    north: 50.75,
    west: -4.1,
    east: -3.65,
    districts: ['EX6', 'EX20', 'TQ13', 'PL19', 'PL20'],
    villages: ['Tavistock', 'Okehampton', 'Moretonhampstead', 'Ashburton', 'Chagford', 'Yelverton'],
    phonePrefix: NO_AREA,
  },
};

/** The places the demo organisations are set in, one per organisation. */
export const DEMO_PLACES = {
  midlands,
  northWest,
  yorkshire,
  bristol,
  solent,
  norfolk,
  tyneside,
  devon,
} as const;

// Royal Mail never uses C, I, K, M, O or V in the two letters of an inward code.
const INWARD_LETTERS: readonly string[] = 'ABDEFGHJLNPQRSTUWXYZ'.split('');

/** A UK-style postcode in a district, e.g. `B17 9QN`: the district, a space, a digit and two letters. */
export function drawPostcode(random: Random, district: string): string {
  return `${district} ${random.int(1, 9)}${random.pick(INWARD_LETTERS)}${random.pick(INWARD_LETTERS)}`;
}

/** A number in an Ofcom drama range, e.g. `0121 496 0371`. */
export function drawPhone(random: Random, prefix: string): string {
  return `${prefix}${String(random.int(0, 999)).padStart(3, '0')}`;
}

/** A mobile number in Ofcom's drama range (07700 900000-900999). */
export function drawMobile(random: Random): string {
  return `07700 900${String(random.int(0, 999)).padStart(3, '0')}`;
}

const KM_PER_DEGREE_LATITUDE = 111.2;

/** A point about `sd` km (one standard deviation) from a centre, rounded to 6 decimals. */
export function scatter(
  random: Random,
  centre: { latitude: number; longitude: number },
  sdKm: number,
): { latitude: number; longitude: number } {
  const north = random.normal(0, sdKm);
  const east = random.normal(0, sdKm);
  const kmPerDegreeLongitude = KM_PER_DEGREE_LATITUDE * Math.cos((centre.latitude * Math.PI) / 180);
  return {
    latitude: round6(centre.latitude + north / KM_PER_DEGREE_LATITUDE),
    longitude: round6(centre.longitude + east / kmPerDegreeLongitude),
  };
}

/** A point anywhere in a box, rounded to 6 decimals. */
export function pointIn(
  random: Random,
  box: { south: number; north: number; west: number; east: number },
): { latitude: number; longitude: number } {
  return {
    latitude: round6(box.south + random.float() * (box.north - box.south)),
    longitude: round6(box.west + random.float() * (box.east - box.west)),
  };
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Street names for addresses. */
export const STREETS = [
  'High Street',
  'Church Road',
  'Station Road',
  'Park Road',
  'Victoria Road',
  'Green Lane',
  'Manor Road',
  'Mill Lane',
  'London Road',
  'Queens Road',
  'New Road',
  'Albert Road',
  'King Street',
  'The Green',
  'Broadway',
  'School Lane',
  'Grove Road',
  'North Street',
  'Chapel Street',
  'Market Place',
];

/**
 * Words that name urban practices ("Oakwood Surgery"). The autonomy demo's first three
 * practices keep the names the tests and screenshots know; the rest come from here.
 */
export const PRACTICE_NAME_STEMS = [
  'Oakwood',
  'Elmfield',
  'Park Road',
  'Church Street',
  'Station Road',
  'Meadowbank',
  'Brookfield',
  'Willow Tree',
  'Ash Tree',
  'The Limes',
  'Castle',
  'Abbey',
  'Priory',
  'Grange',
  'Moorland',
  'Kingsway',
  'Victoria',
  'Alexandra',
  'Northgate',
  'Southgate',
  'Westbourne',
  'Eastfield',
  'Beech House',
  'Orchard',
  'Valley',
  'Cedar',
  'Hawthorn',
  'Greenhill',
  'Heathfield',
  'Ivy Lane',
  'Manor',
  'Mill Lane',
  'New Street',
  'Queens Road',
  'Rosewood',
  "St John's",
  'Summerfield',
  'Tudor',
  'Vicarage Lane',
  'Woodlands',
  'Yew Tree',
  'Lime Tree',
  'Bank House',
  'Canal Side',
  'Fernbank',
  'Foxhill',
  'Highfield',
  'Holly Bank',
  'Laurel',
  'Linden',
  'Maple',
  'Norwood',
  'Parkside',
  'Springfield',
  'Sycamore',
  'Thornbury',
  'Wellington',
];

/** How practice names end. */
export const PRACTICE_NAME_ENDINGS = [
  'Surgery',
  'Medical Centre',
  'Health Centre',
  'Medical Practice',
  'Family Practice',
  'Practice',
];
