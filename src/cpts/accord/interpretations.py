"""Where the texts are ambiguous, silent or misprinted: each choice is a named rule.

One place for every reading of the texts (ARCHITECTURE.md, "Catala"). The code
cites the rule's name next to where it applies; `docs/interpretations.md` gives
the full reasoning with the passages, and a test checks both name the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Interpretation:
    name: str
    summary: str
    sources: str


def _rules(*items: Interpretation) -> dict[str, Interpretation]:
    return {item.name: item for item in items}


INTERPRETATIONS = _rules(
    Interpretation(
        "ACI_2019_START",
        "L'ACI de 2019 s'applique à partir du 24 août 2019, date de sa publication au Journal officiel.",
        "002 annexe 1, préambule",
    ),
    Interpretation(
        "SIZE_BOUNDS_FROM_000",
        "Les bornes de taille sont celles de 000 (bornes basses incluses : 40 000, 80 000, 175 000), "
        "et non les bornes approximatives du contrat type.",
        "000 « 7 points-clés » ; 002 annexe 1, art. 4 ; 004",
    ),
    Interpretation(
        "CRISIS_OCCURRENCE_52500",
        "Le volet « survenue d'une crise » de taille 2 vaut 52 500 € ; le « 52 00 » de 002 §1.3 est une coquille.",
        "002 §1.3 ; 002 annexe 1, art. 5 ; 002 annexe 3",
    ),
    Interpretation(
        "SIZE4_BONUS_SCOPE",
        "La majoration de 10 % (taille 4, au moins 100 membres) s'applique à tous les volets des missions "
        "(fixe, variable, crise, volets soins non programmés de 2019), ni au fonctionnement, ni au "
        "financement additionnel du fonctionnement ; elle n'existe qu'avec l'avenant n° 2.",
        "002 §5.1 ; 002 annexe 1, art. 5 ; 002 annexe 3",
    ),
    Interpretation(
        "SIZE4_BONUS_FROM_AMENDMENT",
        "La majoration de 10 % s'applique aux versements faits à partir de l'avenant qui la fait entrer (solde de "
        "l'année en cours, avances et soldes suivants), pas à l'avance déjà versée : solde = (dû hors majoration − "
        "avance hors majoration) × 1,1 ; jamais pour une période antérieure au 3 septembre 2022 (dérogation COVID "
        "2021 comprise). Lecture précédente : toute l'année majorée dès son anniversaire de clôture.",
        "002 §5.1 (« à partir de la signature de l'avenant et versées à date anniversaire ») ; 002 annexe 3 "
        "(« Non rétroactif ») ; 002 annexe 1, art. 5",
    ),
    Interpretation(
        "MEMBERS_LIST_YEARLY",
        "La liste exhaustive des adhérents, justificatif des cent membres, est attendue dans chaque année du contrat "
        "dont un versement porte la majoration de taille 4 (sauf l'année de la résiliation), au plus tard à son "
        "anniversaire de clôture ; sans elle, les versements du règlement de l'année (soldes, volet variable) sont "
        "faits sans la majoration, suspendue jusqu'à la réception de la liste puis versée à part ; avances, "
        "survenues de crise et reste de l'argent intouchés (option : liste seulement signalée).",
        "002 §5.1 (« En justificatif, l'association CPTS transmettra tous les ans, la liste exhaustive de ses "
        "adhérents ») ; 002 annexe 1, art. 6.1 (« documents justificatifs ») ; 002 annexe 3",
    ),
    Interpretation(
        "SIGNATURES_THREE_PARTIES",
        "Le contrat est signé par chacune des trois parties (CPAM, ARS, CPTS), chacune pour elle-même, par son "
        "représentant légal en sa qualité ; signé à des dates différentes, il prend effet à la date de la dernière "
        "des trois signatures, date de signature de tout ce qui en court (cinq ans, échéances, membres à la "
        "signature). Une CPTS sans territoire ou sans aucun membre ne peut pas signer.",
        "002 annexe 1 (« Fait à … en … [nombre de signataires] exemplaires le … », « Pour le directeur de … », "
        "« Représentée(s) par … agissant en qualité de … ») ; art. 1 (pièces annexées) ; art. 3 et 7",
    ),
    Interpretation(
        "OPERATING_BONUS_ONE_OFF",
        "Le financement additionnel du fonctionnement est versé une seule fois, en totalité, et n'entre "
        "pas dans le total annuel ; éligibles : contrats signés avant le 30 septembre 2022.",
        "002 §3.1 ; 002 annexe 1, art. 4.1, 5 et 6.1",
    ),
    Interpretation(
        "NO_SAS_KEEPS_2019_ACCESS",
        "Sans SAS opérationnel (ou, pour un contrat antérieur à l'avenant n° 2, sans l'avenant qui l'acte), seule "
        "la mission accès aux soins garde les montants de 2019 (avec le volet "
        "compensation et, si la CPTS l'organise, le volet orientation) ; les autres dispositions de "
        "l'avenant n° 2 s'appliquent.",
        "002 §2.2, §2.3 b), et la fin du §2 (« Les CPTS qui se conventionnent après… »)",
    ),
    Interpretation(
        "SAS_TRANSITION_BEFORE_AVENANT_2",
        "Contrat signé avant l'avenant n° 2 : avec un SAS présent au 3 septembre 2022, une fois signé l'avenant qui "
        "intègre l'avenant n° 2, toute année dont le solde est exigible après le 3 septembre 2022 est réglée en "
        "entier sur les montants avec SAS (complément à la signature si ce solde était déjà réglé) ; sans SAS à "
        "cette date, seul l'avenant complémentaire qui acte le SAS fait passer l'accès aux soins aux montants avec "
        "SAS, la date du SAS seule jamais. Lecture précédente : montants de l'anniversaire de clôture, date du SAS "
        "suffisante.",
        "002 §2.3 (« dont le solde doit être versé après cette même date » ; « avenant complémentaire ») ; 002 "
        "§2.1, §2.2 ; 002 annexe 1, art. 7",
    ),
    Interpretation(
        "SAS_ARRIVAL_AFTER_SIGNATURE",
        "Contrat signé depuis le 3 septembre 2022 : l'arrivée du SAS suffit, sans avenant ; l'année dont "
        "l'anniversaire de clôture suit la date du SAS est réglée sur les montants avec SAS (lecture par analogie "
        "avec le §2.3).",
        "002 §2.3, 2- (« avec une mention des modifications à venir dès l'arrivée du SAS ») ; 002 §2.2",
    ),
    Interpretation(
        "CRISIS_TOTAL_COUNTS_FIRST_DRAFTING",
        "Le total annuel compte le volet fixe de la mission crise pour la première rédaction du plan et "
        "le volet « survenue d'une crise », comme les totaux publiés.",
        "002 annexe 1, art. 5, note ** du tableau",
    ),
    Interpretation(
        "REGIME_BY_DATE",
        "Sans autre précision, le régime applicable à une date est l'avenant n° 2 à partir du 3 septembre "
        "2022 et l'ACI de 2019 avant ; un contrat antérieur passe à l'avenant n° 2 à la signature de son "
        "avenant au contrat.",
        "002 §1.3, §2.3, §3.1, §5.1",
    ),
    # Crises sanitaires: cpts.accord.crisis_plan and cpts.accord.crises.
    Interpretation(
        "CRISIS_PLAN_MANDATORY_ITEMS",
        "Les rubriques de la partie 1 (anticipation) et la réponse à chacune des cinq typologies de crise "
        "doivent être développées : elles ne peuvent pas être marquées sans objet ; les autres peuvent "
        "l'être, avec un motif.",
        "002 annexe 4, partie 1 ; 002 annexe 1, art. 2",
    ),
    Interpretation(
        "CRISIS_PLAN_VERSIONS",
        "La première version du plan est la première rédaction, même rédigée après l'année de démarrage "
        "de la mission ; ensuite une seule mise à jour par année de contrat postérieure.",
        "002 §1.1 ; 002 annexe 1, art. 2",
    ),
    Interpretation(
        "CRISIS_PLAN_DRAFTED_ON",
        "Une version du plan compte pour l'échéancier une fois contrôlée par l'ARS, à la date où la CPTS "
        "l'a transmise.",
        "002 §1.1 et §1.2 ; 002 annexe 1, art. 2",
    ),
    Interpretation(
        "CRISIS_AREA_TOUCHES",
        "Une crise concerne une CPTS dès que sa zone partage une commune, un département ou la région "
        "avec le territoire de la CPTS.",
        "002 annexe 1, art. 6.2 ; 002 annexe 4, préambule",
    ),
    Interpretation(
        "CRISIS_PAYMENTS_ELIGIBILITY",
        "Le volet « survenue d'une crise » est dû si, le jour de la déclaration, le contrat est en "
        "vigueur, non résilié, sous l'avenant n° 2 et le plan rédigé ; une fois par année de contrat.",
        "002 §1.3 ; 002 annexe 1, art. 6.2, 7 et 8",
    ),
    Interpretation(
        "COVID_2021_DEROGATION",
        "La dérogation COVID 2021 vaut pour un contrat signé au plus tard le 31 décembre 2021, avec des "
        "actions de crise COVID-19 en 2021 non déjà valorisées par avenant dans une autre mission.",
        "002 §1.3 ; 002 annexe 1, art. 5",
    ),
    Interpretation(
        "NATIONAL_INDICATOR_DIRECTIONS",
        "Sens des indicateurs nationaux de l'accès aux soins : ceux imprimés (urgences décroissant, admissions "
        "directes croissant), et, déduits du libellé, « progression » et les nombres croissants, « réduction » "
        "décroissant.",
        "002 annexe 1, art. 4.2.2.2",
    ),
    Interpretation(
        "NATIONAL_INDICATOR_KINDS",
        "Le nombre de médecins participant au SAS est un indicateur de moyens ; les cinq autres indicateurs "
        "nationaux de l'accès aux soins sont des indicateurs de résultat.",
        "002 annexe 1, art. 4.2.2 et 4.2.2.2",
    ),
    Interpretation(
        "WEIGHTED_MEAN_OF_INDICATORS",
        "Le taux d'atteinte d'une mission est la moyenne des taux des indicateurs pondérée par leurs poids "
        "(relatifs) ; un indicateur de poids nul est suivi sans effet sur le taux.",
        "002 annexe 1, art. 4.2.2 et 4.2.2.2",
    ),
    Interpretation(
        "LINEAR_CAPPED",
        "Règle linéaire : part du chemin parcouru de la valeur de référence à la cible, bornée entre 0 % et "
        "100 % ; dépasser la cible ne compense pas un autre indicateur.",
        "002 annexe 1, art. 4.2.2 (montants pour 100 % d'atteinte)",
    ),
    Interpretation(
        "STEPS_ON_VALUE",
        "Règle par paliers : seuils sur la valeur mesurée, le taux du meilleur palier atteint s'applique, 0 % en "
        "deçà du premier ; un palier meilleur ne peut pas valoir moins.",
        "002 annexe 1, art. 4.2.2.2",
    ),
    Interpretation(
        "MISSING_VALUE_SCORES_ZERO",
        "Un indicateur pondéré sans valeur mesurée compte pour 0 % ; l'explication le signale.",
        "002 annexe 1, art. 4.2.2 (« résultats observés »)",
    ),
    Interpretation(
        "TARGET_NOT_SET_NOT_COUNTED",
        "Un indicateur dont la cible de l'année est encore « à fixer » ne compte pas dans le taux d'atteinte : sa "
        "valeur est saisie, enregistrée et montrée, sans effet sur le taux tant que les trois signataires n'ont pas "
        "fixé sa cible.",
        "002 annexe 1, art. 4.2.2, 4.2.2.1 et 4.2.2.2",
    ),
    Interpretation(
        "NO_VARIABLE_INDICATOR",
        "Sans indicateur pondéré, le taux d'une mission ne se calcule pas : il est fixé par décision conjointe, "
        "et le volet variable reste en attente jusque-là.",
        "002 annexe 1, art. 4.2.2 et 4.2.2.1",
    ),
    Interpretation(
        "JOINT_DECISION_OVERRIDE",
        "Les trois signataires peuvent, d'un commun accord motivé, retenir un autre taux que le taux calculé ; "
        "les deux taux et le motif restent visibles.",
        "002 annexe 1, art. 4.2.2 et 4.2.2.1",
    ),
    Interpretation(
        "ATTAINMENT_ROUNDED_TO_BASIS_POINT",
        "Les taux d'atteinte (indicateur et mission) sont arrondis au centième de pourcent, au plus proche, la "
        "moitié vers le haut.",
        "002 annexe 1, art. 4.2.2 (silence des textes)",
    ),
    Interpretation(
        "CRISIS_FOLLOW_UP_ONLY",
        "Les indicateurs de la mission crise sont des indicateurs de suivi (poids nul) : son financement "
        "variable tient à la survenue d'une crise, sans objectif de résultats.",
        "002 annexe 1, art. 4.2.2 et 4.2.2.2",
    ),
    Interpretation(
        "MUNICIPAL_POPULATION",
        "Le nombre d'habitants d'un territoire est la somme des populations municipales (populations légales "
        "INSEE) de ses communes ou arrondissements, et non des populations totales, qui comptent deux fois "
        "les « comptés à part ».",
        "002 annexe 1, art. 4 ; 003 (Financement)",
    ),
    Interpretation(
        "EPCI_POPULATION_FROM_COMMUNES",
        "Un EPCI compte pour ses communes membres, chacune avec sa population municipale du même millésime ; "
        "les populations de la liste DGCL des EPCI (d'une autre année) ne sont pas utilisées.",
        "003 (Territoire des CPTS)",
    ),
    Interpretation(
        "DELEGATED_CODE_TO_CURRENT_COMMUNE",
        "Le code d'une commune déléguée ou associée compte pour sa commune actuelle entière, avec un "
        "avertissement ; un code porté à la fois par une commune actuelle et une commune déléguée désigne la "
        "commune actuelle.",
        "002 annexe 1, art. 4",
    ),
    Interpretation(
        "WHOLE_CITY_SUPERSEDES_ARRONDISSEMENTS",
        "Paris, Lyon ou Marseille donnée entière compte déjà tous ses arrondissements : un de ses "
        "arrondissements donné en plus n'est pas recompté (avertissement) ; des arrondissements donnés seuls "
        "comptent chacun sa population.",
        "002 annexe 1, art. 4",
    ),
    Interpretation(
        "BALANCE_WITHHELD_WITHOUT_DOCUMENTS",
        "Politique de gestion hors accord, désactivée par défaut (réglage national "
        "CPTS_WITHHOLD_BALANCES_WITHOUT_DOCUMENTS) : activée, le solde d'une année n'est ordonnancé qu'une fois "
        "la revue annuelle validée avec un rapport d'activité et des comptes vérifiés sur leur contenu ; "
        "désactivée, les textes seuls s'appliquent. Un reversement dû par la CPTS n'est jamais retenu.",
        "aucun passage (proposition du rapport du Sénat de 2025) ; 002 annexe 1, art. 1, 4.2.2.1, 6.1 et 6.2",
    ),
    # Échéancier: src/cpts/accord/schedule.py and the modules it calls.
    Interpretation(
        "CONTRACT_YEARS",
        "L'année N du contrat va de la (N−1)e date anniversaire (incluse) à la Ne (exclue) ; le contrat dure "
        "cinq ans ; un anniversaire du 29 février tombe le 28 février les autres années (option : le 1er mars).",
        "002 annexe 1, art. 6.1, 6.2, 7 et 8.3 ; ARCHITECTURE.md « Conventions »",
    ),
    Interpretation(
        "PRORATA_BY_DAYS",
        "Prorata = jours où la chose court dans l'année du contrat ÷ jours de cette année (365 ou 366).",
        "002 annexe 1, art. 6.2 (« proratisé en fonction de la durée ») et 8.3 (« au prorata temporis »)",
    ),
    Interpretation(
        "ROUNDING_BALANCE",
        "Chaque versement est arrondi au centime le plus proche (demi vers le haut) ; un solde vaut « dû pour "
        "l'année, arrondi, moins déjà versé pour l'année et le volet », de sorte que l'année tombe juste. Hors "
        "résiliation, un trop-versé (avenant qui baisse les montants) est un solde négatif.",
        "002 annexe 1, art. 6.1 et 6.2 (« le solde de l'année N ») ; ARCHITECTURE.md « Conventions »",
    ),
    Interpretation(
        "OPERATING_PAYMENTS",
        "Fonctionnement : le montant de l'année 1 est dû en totalité et payable à partir du jour où la CPAM "
        "déclare complet le dossier de l'art. 1 (en attente avant) ; à partir de l'année 2, 75 % en avance au "
        "début de l'année, le solde avec le règlement de l'anniversaire suivant.",
        "002 annexe 1, art. 1, 4.1, 5 et 6.1",
    ),
    Interpretation(
        "DOSSIER_YEARLY_UPDATE",
        "Une mise à jour du dossier est attendue dans chaque année du contrat à partir de l'année 2 ; manquante "
        "une fois l'année close sans elle ; elle ne suspend aucun versement.",
        "002 annexe 1, art. 1",
    ),
    Interpretation(
        "FIXED_ADVANCE_AND_BALANCE",
        "Volet fixe : au démarrage de la mission, avance de 75 % × montant annuel × prorata jusqu'à "
        "l'anniversaire ; à chaque règlement (au plus tard deux mois après l'anniversaire), solde de l'année "
        "écoulée puis avance de 75 % de la nouvelle année ; les volets 2019 « compensation » et « orientation » "
        "de l'accès aux soins sont versés de même.",
        "002 annexe 1, art. 6.2 ; 002 §1.3 et §2.3",
    ),
    Interpretation(
        "VARIABLE_AT_SETTLEMENT",
        "Volet variable : versé au règlement de l'année, montant annuel × taux d'atteinte de la revue annuelle "
        "× prorata de l'année où la mission a couru ; sans revue validée il est en attente, non nul.",
        "002 annexe 1, art. 4.2.2, 4.2.2.1 et 6.2",
    ),
    Interpretation(
        "TERMS_AT_SETTLEMENT",
        "Les montants d'une année sont ceux en vigueur pour le contrat le jour où elle est réglée (anniversaire "
        "de clôture ou date d'effet de la résiliation) ; une avance prend ceux en vigueur à sa propre date. "
        "S'applique au passage à l'avenant n° 2, au SAS, à la taille et aux membres (option : début d'année) ; la "
        "majoration de taille 4 suit sa propre règle, versement par versement.",
        "002 §2.3 (« celui-ci sera calculé sur la base du montant de l'avenant n° 2 ») ; 002 §5.1 ; "
        "002 annexe 1, art. 7",
    ),
    Interpretation(
        "CRISIS_PAYMENTS",
        "Mission crise : volet fixe « première rédaction » l'année du démarrage, « mise à jour » ensuite ; "
        "survenue d'une crise payée en totalité dans le mois de la déclaration par l'ARS, une fois par année du "
        "contrat au plus, si le plan est rédigé ; dérogation COVID 2021 payée à la signature de l'avenant qui "
        "intègre l'avenant n° 2.",
        "002 §1.1, §1.3 ; 002 annexe 1, art. 5 et 6.2",
    ),
    Interpretation(
        "OPERATING_BONUS_DATE",
        "Financement additionnel du fonctionnement : versé le 3 septembre 2022 aux contrats signés avant, à la "
        "signature pour ceux signés du 3 au 29 septembre 2022, jamais après ; jamais repris à la résiliation.",
        "002 §3.1 ; 002 annexe 1, art. 4.1, 5 et 6.1",
    ),
    Interpretation(
        "AVENANT_2_BY_AMENDMENT",
        "Un contrat signé avant le 3 septembre 2022 passe à l'avenant n° 2 le jour où son avenant est signé ; "
        "jusque-là les montants de 2019 s'appliquent. Un contrat signé depuis y est dès la signature.",
        "002 §2.3 (« devront procéder à la signature d'un avenant au contrat »), §1.3, §5.1",
    ),
    Interpretation(
        "TERMINATION_PRORATA",
        "Résiliation effective deux mois après réception (une saisine de la commission paritaire locale suspend "
        "celle de la CPAM/ARS jusqu'à sa décision) ; l'année en cours est due au prorata temporis, et réglée par "
        "un seul montant net (voir le règlement net de l'année de résiliation) ; bonus et survenue de crise ne "
        "sont pas repris.",
        "002 annexe 1, art. 8.1, 8.2 et 8.3",
    ),
    Interpretation(
        "TERMINATION_NET_SETTLEMENT",
        "L'année de la résiliation se règle par un seul montant net, dû dans les deux mois de la date d'effet : "
        "rémunération de l'année au prorata temporis (tous les volets récurrents) moins ce qui a été versé pour "
        "elle (avances, fonctionnement de l'année 1) ; le détail par volet reste dans l'explication ; bonus et "
        "survenue de crise, versés en totalité, n'y entrent pas. Lecture précédente : un règlement par volet.",
        "002 annexe 1, art. 8.3 (« remboursement de la différence ») ; art. 6.1 et 6.2",
    ),
    Interpretation(
        "EARLY_MISSION_CONTRACT",
        "Contrat de mission précoce : le montant de sa taille par mission socle démarrée (accès : médecin traitant "
        "ET soins non programmés ; jamais la crise), versé à sa signature, sans contrat ACI, une fois par CPTS ; "
        "avertissement si les trois missions socles sont déclarées ; neuf mois à compter de l'enregistrement de "
        "l'adhésion ; remboursement de toute l'aide seulement après une résiliation par la CPAM (non-déploiement, "
        "ou pas d'adhésion après les neuf mois), dans les deux mois de sa date d'effet.",
        "002 §3.2 ; 002 annexe 2, art. 1.2, 2.1, 2.2, 3, 4.1 à 4.3",
    ),
    Interpretation(
        "DEPLOYMENT_DEADLINES",
        "Démarrage / déploiement au plus tard 6 / 18 mois (accès, crise) et 12 / 24 mois (parcours, prévention) "
        "après la signature ; libres pour les missions optionnelles ; pour un contrat qui passe à l'avenant n° 2, "
        "les délais de la crise et de l'accès avec SAS courent de l'avenant.",
        "002 annexe 1, art. 3 ; 002 §1.2 et §2.2",
    ),
    Interpretation(
        "DEADLINES_AFTER_END",
        "Une échéance de démarrage ou de déploiement qui tombe à la fin du contrat ou après (résiliation "
        "effective, ou cinquième anniversaire) est « sans objet », avec son motif, jamais « manquée » "
        "(lecture précédente : manquée une fois passée).",
        "002 annexe 1, art. 3, 7, 8.1 et 8.2 (« missions non mises en œuvre » : motif de résiliation)",
    ),
    Interpretation(
        "CRISIS_TEMPLATE_AVAILABLE",
        "Les délais de la mission crise (6 / 18 mois) ne courent pas avant la mise à disposition de la trame "
        "nationale du plan, fixée au 12 janvier 2023, date de la note qui en publie les lignes directrices.",
        "002 annexe 1, art. 3 ; 002 §1.2 ; 002 annexe 3 et annexe 4",
    ),
    Interpretation(
        "DEADLINE_DUE_SOON",
        "Une échéance du calendrier non tenue est « proche » dans les 60 jours qui la précèdent (choix du "
        "projet, absent des textes ; valeur dans rules.yaml).",
        "choix du projet ; 002 annexe 1, art. 3",
    ),
)
