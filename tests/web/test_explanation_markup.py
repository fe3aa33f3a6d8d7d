"""The unfolded explanation of a schedule line (docs/web.md: the clause, the inputs, the arithmetic,
in French), as the `{% explanation %}` tag writes it: every node nested in its parent, every text escaped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cpts.accord.explain import Cell, Explanation, Step
from cpts.accord.money import french
from cpts.web.templatetags.cpts_format import explanation

CHILD = Explanation(label="Part fixe", amount=Decimal("1000.00"), rule="FIXED", source="002 annexe 1, art. 4.2.1")
NODE = Explanation(
    label="Mission <accès> & soins",
    amount=Decimal("18750.5"),
    rule="ACCESS_ENVELOPE",
    source="002 §4.1",
    inputs=(("taille", "2"), ("population", "<b>80 000</b>")),
    cell=Cell(parameter="access_fixed", size=2, effective_from=dt.date(2022, 9, 3), value=Decimal("25000")),
    steps=(Step(label="Prorata", formula="25 000,00 € × 0,75", result=Decimal("18750.00")),),
    children=(CHILD, CHILD),
)


def test_each_node_is_a_block_nested_in_its_parent() -> None:
    html = str(explanation(NODE))
    assert html.count('<div class="cpts-explanation">') == 3 and html.count("</div>") == 3
    assert html.rindex("Part fixe") < html.rindex("</div>")  # children close before their parent


def test_rule_source_inputs_scale_and_arithmetic_are_shown_in_french() -> None:
    html = str(explanation(NODE))
    assert f"<strong>Mission &lt;accès&gt; &amp; soins</strong> : {french(Decimal('18750.50'))}</p>" in html
    assert "<li>Règle : barème de l'accord — source : 002 §4.1</li>" in html
    assert "<li>Données : taille = 2 ; population = &lt;b&gt;80 000&lt;/b&gt;</li>" in html
    assert f"<li>Barème, taille 2, en vigueur depuis le 03/09/2022 : {french(Decimal(25000))}</li>" in html
    assert "<summary>Détail technique</summary>règle ACCESS_ENVELOPE ; barème access_fixed</details>" in html
    assert f"<li>Prorata : 25 000,00 € × 0,75 = {french(Decimal('18750'))}</li>" in html


def test_a_leaf_without_inputs_scale_or_steps_has_only_its_rule() -> None:
    html = str(explanation(CHILD))
    assert "Données" not in html and "Barème" not in html and html.count("<li>") == 1


def test_a_named_rule_shows_its_french_title_linked_to_the_glossary_and_its_code_folded() -> None:
    node = Explanation("Accès aux soins", Decimal("100"), "FIXED_ADVANCE_AND_BALANCE", "002 annexe 1, art. 6.2")
    html = str(explanation(node))
    assert '<li>Règle : <a href="/glossaire/#FIXED_ADVANCE_AND_BALANCE">Avance et solde du volet fixe</a>' in html
    assert html.count("FIXED_ADVANCE_AND_BALANCE") == 2  # the glossary anchor and the « détail technique »
    assert "<summary>Détail technique</summary>règle FIXED_ADVANCE_AND_BALANCE</details>" in html


def test_a_rule_written_in_french_is_shown_as_it_is() -> None:
    node = Explanation("Indicateur", Decimal("0"), "Indicateur de suivi (poids nul) : sans effet", "002 art. 4.2.2")
    html = str(explanation(node))
    assert "<li>Règle : Indicateur de suivi (poids nul) : sans effet — source" in html
    assert "Détail technique" not in html


def test_the_contract_page_loads_each_explanation_when_opened(client_for, world) -> None:  # type: ignore[no-untyped-def]
    """The contract page folds each line's explanation behind its own address (loaded by htmx when the line is
    opened, a link without JavaScript): the page does not write every tree, and each amount keeps its
    explanation (docs/web.md, « Le contrat d'un coup d'œil »)."""
    from django.urls import reverse

    from cpts.payments.schedules import contract_schedule

    cpam = client_for("cpam")
    page = cpam.get(reverse("contract-detail", args=[world.contract.pk])).content.decode()
    payments = contract_schedule(world.contract).payments
    assert '<div class="cpts-explanation">' not in page
    for index in (0, len(payments) - 1):
        url = reverse("contract-line-explanation", args=[world.contract.pk, index])
        assert f'hx-get="{url}"' in page and f'<a href="{url}">' in page
    last = payments[-1]
    full = cpam.get(reverse("contract-line-explanation", args=[world.contract.pk, len(payments) - 1]))
    assert full.status_code == 200 and str(explanation(last.explanation)) in full.content.decode()
    assert "Retour à l'échéancier du contrat" in full.content.decode()
    fragment = cpam.get(
        reverse("contract-line-explanation", args=[world.contract.pk, 0]), headers={"HX-Request": "true"}
    ).content.decode()
    assert fragment.strip() == str(explanation(payments[0].explanation)).strip()
    beyond = reverse("contract-line-explanation", args=[world.contract.pk, len(payments)])
    assert cpam.get(beyond).status_code == 404
    elsewhere = reverse("contract-line-explanation", args=[world.other_contract.pk, 0])
    assert cpam.get(elsewhere).status_code == 404  # another CPAM's contract: hidden
