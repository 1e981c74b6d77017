// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {ReputationGovernor} from "../../../contracts/governance/ReputationGovernor.sol";
import {IReputationVotes} from "../../../contracts/interfaces/IReputationVotes.sol";
import {IKarmaRegistry} from "../../../contracts/interfaces/IKarmaRegistry.sol";
import {IReputationGovernor} from "../../../contracts/interfaces/IReputationGovernor.sol";
import {MockPersonhood} from "../mocks/MockPersonhood.sol";
import {MockReputationVotes} from "../mocks/MockReputationVotes.sol";
import {GovernorHandler} from "./GovernorHandler.sol";

/// @notice Invariants of reputation voting with delegation override and of the human house under
/// random voting orders, choices and nullifier replays (see GovernorHandler).
contract GovernorInvariants is Test {
    ReputationGovernor internal governor;
    MockReputationVotes internal votes;
    MockPersonhood internal personhood;
    GovernorHandler internal handler;

    function setUp() public {
        vm.warp(1_000_000);
        votes = new MockReputationVotes();
        personhood = new MockPersonhood();
        governor = new ReputationGovernor(
            address(this),
            address(this),
            IReputationVotes(address(votes)),
            IKarmaRegistry(address(0)),
            personhood,
            IReputationGovernor.Settings({
                votingDelay: 0,
                votingPeriod: 30 days,
                proposalThreshold: 0.1e18,
                maxOpenProposals: 1,
                quorumBps: 4000,
                minHumanTurnout: 1,
                queuePeriod: 7 days,
                executedGainWeight: 1e18,
                defeatedLossWeight: 0.5e18,
                vetoedLossWeight: 1e18
            })
        );
        handler = new GovernorHandler(governor, votes, personhood);
        handler.init();

        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](6);
        selectors[0] = GovernorHandler.vote.selector;
        selectors[1] = GovernorHandler.vote.selector;
        selectors[2] = GovernorHandler.vote.selector;
        selectors[3] = GovernorHandler.humanVote.selector;
        selectors[4] = GovernorHandler.humanVote.selector;
        selectors[5] = GovernorHandler.newProposal.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @notice Each unit of snapshot weight is counted once, by the lowest voter on its path:
    /// the tallies and every voter's final weight equal the model's, exactly.
    function invariant_eachUnitCountedOnceByTheLowestVoter() public view {
        uint256 id = handler.currentId();
        (uint256[3] memory tallies, uint256[10] memory weights) = handler.expected();
        (uint256 against, uint256 forVotes, uint256 abstain) = governor.proposalVotes(id);
        assertEq(against, tallies[0], "against");
        assertEq(forVotes, tallies[1], "for");
        assertEq(abstain, tallies[2], "abstain");
        for (uint256 i; i < handler.N(); ++i) {
            IReputationGovernor.Receipt memory r = governor.receipt(id, handler.account(i));
            assertEq(r.voted, handler.voted(i), "receipt voted");
            if (r.voted) assertEq(r.weight, weights[i], "final weight");
        }
    }

    /// @notice for + against + abstain never exceeds the own weights in the voters' subtrees.
    function invariant_neverMoreThanTheWeightBehindTheVoters() public view {
        (uint256 against, uint256 forVotes, uint256 abstain) = governor.proposalVotes(handler.currentId());
        assertLe(against + forVotes + abstain, handler.weightBehindVoters());
    }

    /// @notice No account votes twice, and a first vote while voting is open always goes through.
    function invariant_oneVotePerAccount() public view {
        assertEq(handler.doubleVotes(), 0, "double vote accepted");
        assertEq(handler.refusedFirstVotes(), 0, "first vote refused");
    }

    /// @notice No nullifier is accepted twice, on any proposal; the human tallies are the ghost's.
    function invariant_noNullifierAcceptedTwice() public view {
        assertEq(handler.doubleNullifiers(), 0, "nullifier accepted twice");
        (uint256 against, uint256 forVotes, uint256 abstain, ) = governor.humanVotes(handler.currentId());
        uint256[3] memory counts = handler.humanCounts();
        assertEq(against, counts[0], "human against");
        assertEq(forVotes, counts[1], "human for");
        assertEq(abstain, counts[2], "human abstain");
    }

    /// @notice Closed proposals keep the tallies they closed with.
    function invariant_closedTalliesAreFinal() public view {
        uint256[] memory ids = handler.closedIds();
        for (uint256 k; k < ids.length; ++k) {
            (uint256 against, uint256 forVotes, uint256 abstain) = governor.proposalVotes(ids[k]);
            uint256[3] memory closed = handler.closedTallies(ids[k]);
            assertEq(against, closed[0]);
            assertEq(forVotes, closed[1]);
            assertEq(abstain, closed[2]);
        }
    }
}
